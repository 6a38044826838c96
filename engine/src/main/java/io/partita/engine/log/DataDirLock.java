package io.partita.engine.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive OS lock on {@value LogFileNames#LOCK_FILE} in a data directory, so two nodes (in one process or
 * several) never use the same directory. Held until {@link #close()}; the lock file itself stays, as in Kafka.
 *
 * <p>Thread-safe: immutable once acquired.
 */
final class DataDirLock implements Closeable {

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws IOException naming the directory when another node holds it */
    static DataDirLock acquire(Path dataDir) throws IOException {
        Path file = dataDir.resolve(LogFileNames.LOCK_FILE);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("Data directory " + dataDir + " is in use by another node: its lock file " + file
                    + " is held");
        }
        return new DataDirLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
