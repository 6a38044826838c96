package io.partita.web.audit;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The last {@value #CAPACITY} lines of this node's audit logger ({@value ChangeAudit#LOGGER_NAME}), newest first:
 * the API's changes ({@link ChangeAudit}, {@code via=rest}) and those of Kafka clients, which the engine logs to the
 * same logger ({@code via=kafka}). Kept from the moment this module is deployed, in this node's memory only: each node
 * knows the changes asked of it. A logger configured to drop INFO drops them here too. Thread-safe.
 */
@ApplicationScoped
public class RecentChanges {

    static final int CAPACITY = 1000;

    // held so that the logger, and the handler set on it, outlive any other reference to them
    private final Logger audit = Logger.getLogger(ChangeAudit.LOGGER_NAME);
    private final Deque<AuditEntry> newestFirst = new ArrayDeque<>(CAPACITY);
    private final Handler keeper = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getMessage() != null) keep(AuditEntry.of(record.getMessage()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** Created with the application, not at the first request: changes made before it count too. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object application) {
        // the observer method's call is enough to create the bean
    }

    @PostConstruct
    void listen() {
        audit.addHandler(keeper);
    }

    @PreDestroy
    void stop() {
        audit.removeHandler(keeper);
    }

    private synchronized void keep(AuditEntry entry) {
        if (newestFirst.size() == CAPACITY) newestFirst.removeLast();
        newestFirst.addFirst(entry);
    }

    /** The entries that pass {@code filter}, newest first. */
    synchronized List<AuditEntry> matching(Predicate<AuditEntry> filter) {
        return newestFirst.stream().filter(filter).collect(ArrayList::new, List::add, List::addAll);
    }
}
