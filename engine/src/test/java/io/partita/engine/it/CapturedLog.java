package io.partita.engine.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * What the engine logs under one logger name (and the names below it) while captured. The engine logs through
 * {@link System.Logger}, whose backend in tests is {@code java.util.logging}, so a handler on the logger sees every
 * line. Thread-safe; {@link #close()} stops capturing.
 */
public final class CapturedLog implements AutoCloseable {

    /** One line: its level, its formatted message, and the exception it carried, if any. */
    public record Line(Level level, String message, Throwable thrown) {

        @Override
        public String toString() {
            return level + " " + message + (thrown == null ? "" : " " + thrown);
        }
    }

    private final Logger logger;
    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(new Line(record.getLevel(), new SimpleFormatter().formatMessage(record), record.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private CapturedLog(String loggerName) {
        // held here: java.util.logging keeps loggers only weakly, and a collected one would lose the handler
        this.logger = Logger.getLogger(loggerName);
        logger.addHandler(handler);
    }

    public static CapturedLog of(String loggerName) {
        return new CapturedLog(loggerName);
    }

    /** Every line logged since capturing began. */
    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** The lines (as {@link Line#toString()}: level, message, exception) that contain {@code text}. */
    public List<String> containing(String text) {
        return lines.stream().map(Line::toString).filter(line -> line.contains(text)).toList();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
