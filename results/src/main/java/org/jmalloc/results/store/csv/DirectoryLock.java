package org.jmalloc.results.store.csv;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive right to write one history directory, across threads and processes on one machine.
 *
 * <p>Two locks, because an OS file lock ({@code fcntl} through {@link FileChannel#lock()}) belongs to the process:
 * a second thread of the same JVM would get {@link java.nio.channels.OverlappingFileLockException} instead of
 * waiting. So threads first take a per-directory {@link ReentrantLock} of this JVM, then the file lock on
 * {@code <dir>/.lock} that other processes wait for. The lock file itself stays; it holds no data. A killed
 * process's file lock is released by the kernel, so a crash never leaves the history locked.
 *
 * <p>Not reentrant: a thread holding the lock must not acquire it again.
 */
final class DirectoryLock implements AutoCloseable {

    static final String LOCK_FILE = ".lock";

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(ReentrantLock local, FileChannel channel, FileLock lock) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    /** Waits for and takes the lock of {@code dir}, which must exist. */
    static DirectoryLock acquire(Path dir) throws IOException {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> new ReentrantLock());
        if (local.isHeldByCurrentThread()) {
            throw new IllegalStateException("this thread already holds the lock of " + dir);
        }
        local.lock();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new DirectoryLock(local, channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            local.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
            channel.close();
        } finally {
            local.unlock();
        }
    }
}
