package org.jmalloc.results.store.csv;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replaces a file's content so that a crash at any instant leaves either the old content or the new, never a
 * mix: write a temporary file beside it, fsync it, rename it over the target (atomic on POSIX file systems), fsync
 * the directory so the rename itself survives a power loss.
 *
 * <p>Temporary files are named {@code .<target>.tmp-<pid>-<n>}; a process killed before its rename leaves one
 * behind, which {@link #deleteTemporaryFiles} removes (call it only while holding the directory's lock, when no
 * other writer can be in the middle of a replace).
 */
final class AtomicFiles {

    private static final String TMP = ".tmp-";
    private static final AtomicLong COUNTER = new AtomicLong();

    private AtomicFiles() {
    }

    /** Replaces {@code target}'s content with {@code content}, durably. */
    static void replace(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + target.getFileName() + TMP + ProcessHandle.current().pid() + "-"
                + COUNTER.incrementAndGet());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(dir);
    }

    /** Makes a directory's entries (a rename, a new file) durable. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Whether a file name is one of this class's temporary files. */
    static boolean isTemporary(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.contains(TMP);
    }

    /** Deletes the temporary files that killed writers left in {@code dir}; returns how many. */
    static int deleteTemporaryFiles(Path dir) throws IOException {
        int deleted = 0;
        try (var files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (isTemporary(file) && Files.deleteIfExists(file)) {
                    deleted++;
                }
            }
        }
        return deleted;
    }
}
