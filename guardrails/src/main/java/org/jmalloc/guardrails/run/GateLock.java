package org.jmalloc.guardrails.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The machine-wide benchmark lock, held for a whole gate run so that no two gates (and no other benchmark run)
 * measure at once on the shared cores.
 *
 * <p>It takes two locks on one file, because Linux keeps two independent kinds: a Java {@link FileLock} (an
 * {@code fcntl} record lock, which is what another gate takes) and a BSD {@code flock(2)} lock through a foreign
 * call (which is what the shell's {@code flock /tmp/jmalloc-bench.lock ./lab bench} takes). Each lock is tried
 * without blocking first; when another holder has it, the gate prints once that it is waiting and then blocks in
 * the kernel's queue (polling would lose every race against the shell's blocked {@code flock} waiters). Both are
 * released by {@link #close()}, and by the kernel when the process dies.
 */
public final class GateLock implements AutoCloseable {

    /** The lock file every benchmark run on this machine agrees on. */
    public static final Path DEFAULT = Path.of("/tmp/jmalloc-bench.lock");

    private static final int LOCK_EX = 2;
    private static final int LOCK_NB = 4;
    private static final int LOCK_UN = 8;
    private static final int O_RDWR = 2;
    private static final int O_CREAT = 0100;
    /** Not inherited by the benchmark processes: the lock ends with the gate. */
    private static final int O_CLOEXEC = 02000000;

    private final FileChannel channel;
    private final FileLock javaLock;
    private final int fd;

    private GateLock(FileChannel channel, FileLock javaLock, int fd) {
        this.channel = channel;
        this.javaLock = javaLock;
        this.fd = fd;
    }

    /**
     * Takes both locks on {@code file}, waiting (and saying so on {@code out} once) while another process holds one.
     *
     * @throws IOException when the file cannot be opened
     */
    public static GateLock acquire(Path file, PrintWriter out) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        boolean said = false;
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                said = waiting(out, file, said);
                lock = channel.lock();
            }
            int fd = Flock.open(file);
            if (!Flock.lock(fd, false)) {
                said = waiting(out, file, said);
                Flock.lock(fd, true);
            }
            if (said) {
                out.println("gate: got the benchmark lock " + file);
                out.flush();
            }
            return new GateLock(channel, lock, fd);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static boolean waiting(PrintWriter out, Path file, boolean said) {
        if (!said) {
            out.println("gate: waiting for the benchmark lock " + file + " (another benchmark run holds it)");
            out.flush();
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        Flock.unlock(fd);
        javaLock.release();
        channel.close();
    }

    /** {@code open}, {@code flock} and {@code close} from the C library. */
    private static final class Flock {
        private static final Linker LINKER = Linker.nativeLinker();
        private static final SymbolLookup LIBC = LINKER.defaultLookup();
        private static final MethodHandle OPEN = handle("open", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), Linker.Option.firstVariadicArg(2));
        private static final MethodHandle FLOCK = handle("flock", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT));

        private static MethodHandle handle(String name, FunctionDescriptor fd, Linker.Option... options) {
            MemorySegment symbol = LIBC.find(name).orElseThrow(() -> new IllegalStateException("libc has no " + name));
            return LINKER.downcallHandle(symbol, fd, options);
        }

        static int open(Path file) throws IOException {
            try (Arena arena = Arena.ofConfined()) {
                int fd = (int) OPEN.invokeExact(arena.allocateFrom(file.toString()), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
                if (fd < 0) {
                    throw new IOException("cannot open " + file + " for flock");
                }
                return fd;
            } catch (IOException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        /** Takes the lock, blocking when {@code block}; whether it was taken. */
        static boolean lock(int fd, boolean block) {
            try {
                return (int) FLOCK.invokeExact(fd, block ? LOCK_EX : LOCK_EX | LOCK_NB) == 0;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        static void unlock(int fd) {
            try {
                int ignored = (int) FLOCK.invokeExact(fd, LOCK_UN);
                int closed = (int) CLOSE.invokeExact(fd);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }
}
