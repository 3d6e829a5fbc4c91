package org.jmalloc.allocator.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * {@link OsMemory} over Linux's {@code mmap}, {@code madvise} and {@code munmap}, called through
 * FFM downcalls. The flag values are those of Linux on x86-64 and AArch64 (identical on both); other
 * kernels get a clear error from {@link #INSTANCE}'s first use.
 *
 * <p>Each call is made first through a downcall that does not capture {@code errno}, and only a call
 * that failed is made again through one that does, to learn why: the JDK slices the capture buffer
 * on every capturing call (a heap allocation unless the JIT removes it, and a short-lived thread's
 * first heap allocation takes a buffer of fresh heap of its own), and almost every call succeeds.
 * The failures these calls meet (ENOMEM, EINVAL) repeat, so the second call reports the first's
 * cause; one that succeeds the second time is taken as the result.
 */
final class LinuxOsMemory implements OsMemory {

    private static final int PROT_READ = 0x1;
    private static final int PROT_WRITE = 0x2;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_NORESERVE = 0x4000;
    private static final int MADV_DONTNEED = 4;
    private static final int MADV_FREE = 8;
    private static final int MADV_HUGEPAGE = 14;
    private static final int MADV_NOHUGEPAGE = 15;
    private static final int EINVAL = 22;
    private static final long MAP_FAILED = -1L;

    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));

    /** Built after the layouts above, which its constructor uses. */
    static final LinuxOsMemory INSTANCE = new LinuxOsMemory();

    private final MethodHandle mmap;
    private final MethodHandle munmap;
    private final MethodHandle madvise;
    private final MethodHandle mmapPlain;
    private final MethodHandle munmapPlain;
    private final MethodHandle madvisePlain;
    private final MethodHandle strerror;
    private final long pageSize;
    /** The errno capture buffers, lent out per call: a system call allocates nothing, on any thread. */
    private final CaptureStates states = new CaptureStates(CAPTURE);
    private volatile boolean lazyPurgeSupported = true;
    private volatile boolean hugePageAdviceSupported = true;

    private LinuxOsMemory() {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            throw new UnsupportedOperationException("jmalloc maps memory through Linux's mmap; this is "
                    + os + ". Pass another OsMemory to Allocator.builder().osMemory(...) on this system.");
        }
        Linker linker = Linker.nativeLinker();
        var libc = linker.defaultLookup();
        Linker.Option errno = Linker.Option.captureCallState("errno");
        mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG),
                errno);
        munmap = linker.downcallHandle(libc.find("munmap").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), errno);
        madvise = linker.downcallHandle(libc.find("madvise").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_INT), errno);
        mmapPlain = linker.downcallHandle(libc.find("mmap").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
        munmapPlain = linker.downcallHandle(libc.find("munmap").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
        madvisePlain = linker.downcallHandle(libc.find("madvise").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_INT));
        strerror = linker.downcallHandle(libc.find("strerror").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        MethodHandle sysconf = linker.downcallHandle(libc.find("sysconf").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
        try {
            pageSize = (long) sysconf.invokeExact(30 /* _SC_PAGESIZE */);
        } catch (Throwable t) {
            throw new ExceptionInInitializerError(t);
        }
    }

    @Override
    public long pageSize() {
        return pageSize;
    }

    @Override
    public long map(long size) {
        checkRange(0, size);
        long plain;
        try {
            plain = (long) mmapPlain.invokeExact(0L, size, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("mmap downcall failed", t);
        }
        if (plain != MAP_FAILED && plain != 0) {
            return plain;
        }
        int slot = states.claim();
        try (Arena own = slot < 0 ? Arena.ofConfined() : null) {
            MemorySegment state = slot >= 0 ? states.buffer(slot) : own.allocate(CAPTURE);
            long address;
            try {
                address = (long) mmap.invokeExact(state, 0L, size, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0L);
            } catch (Throwable t) {
                throw new IllegalStateException("mmap downcall failed", t);
            }
            if (address == MAP_FAILED || address == 0) {
                int err = (int) ERRNO.get(state, 0L);
                throw new OutOfMemoryError("mmap of " + size + " bytes failed: " + describe(err));
            }
            return address;
        } finally {
            release(slot);
        }
    }

    @Override
    public void unmap(long address, long size) {
        checkRange(address, size);
        int plain;
        try {
            plain = (int) munmapPlain.invokeExact(address, size);
        } catch (Throwable t) {
            throw new IllegalStateException("munmap downcall failed", t);
        }
        if (plain == 0) {
            return;
        }
        int slot = states.claim();
        try (Arena own = slot < 0 ? Arena.ofConfined() : null) {
            MemorySegment state = slot >= 0 ? states.buffer(slot) : own.allocate(CAPTURE);
            int rc;
            try {
                rc = (int) munmap.invokeExact(state, address, size);
            } catch (Throwable t) {
                throw new IllegalStateException("munmap downcall failed", t);
            }
            if (rc != 0) {
                throw new IllegalStateException(String.format("munmap(0x%x, %d) failed: %s",
                        address, size, describe((int) ERRNO.get(state, 0L))));
            }
        } finally {
            release(slot);
        }
    }

    @Override
    public boolean purgeLazy(long address, long size) {
        if (!lazyPurgeSupported) {
            return false;
        }
        checkRange(address, size);
        int err = advise(address, size, MADV_FREE);
        if (err == 0) {
            return true;
        }
        if (err == EINVAL) {
            // Kernels before 4.5 have no MADV_FREE; remember it and let the caller purge forcibly.
            lazyPurgeSupported = false;
            return false;
        }
        throw new IllegalStateException(String.format("madvise(0x%x, %d, MADV_FREE) failed: %s",
                address, size, describe(err)));
    }

    @Override
    public void purgeForced(long address, long size) {
        checkRange(address, size);
        int err = advise(address, size, MADV_DONTNEED);
        if (err != 0) {
            throw new IllegalStateException(String.format("madvise(0x%x, %d, MADV_DONTNEED) failed: %s",
                    address, size, describe(err)));
        }
    }

    @Override
    public boolean adviseHugePages(long address, long size, boolean huge) {
        if (!hugePageAdviceSupported) {
            return false;
        }
        checkRange(address, size);
        int err = advise(address, size, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
        if (err == 0) {
            return true;
        }
        if (err == EINVAL) {
            // A kernel built without transparent huge pages: it refuses every such advice.
            hugePageAdviceSupported = false;
        }
        return false;
    }

    @Override
    public void protect(long address, long size, boolean accessible) {
        checkRange(address, size);
        Mprotect.protect(address, size, accessible);
    }

    /** Calls {@code madvise} (again, capturing errno, when it fails); returns 0 on success, else the {@code errno}. */
    private int advise(long address, long size, int advice) {
        int plain;
        try {
            plain = (int) madvisePlain.invokeExact(address, size, advice);
        } catch (Throwable t) {
            throw new IllegalStateException("madvise downcall failed", t);
        }
        if (plain == 0) {
            return 0;
        }
        int slot = states.claim();
        try (Arena own = slot < 0 ? Arena.ofConfined() : null) {
            MemorySegment state = slot >= 0 ? states.buffer(slot) : own.allocate(CAPTURE);
            int rc;
            try {
                rc = (int) madvise.invokeExact(state, address, size, advice);
            } catch (Throwable t) {
                throw new IllegalStateException("madvise downcall failed", t);
            }
            return rc == 0 ? 0 : Math.max(1, (int) ERRNO.get(state, 0L));
        } finally {
            release(slot);
        }
    }

    private void release(int slot) {
        if (slot >= 0) {
            states.release(slot);
        }
    }

    private void checkRange(long address, long size) {
        if (size <= 0 || (size & (pageSize - 1)) != 0 || (address & (pageSize - 1)) != 0) {
            throw new IllegalArgumentException(String.format(
                    "address 0x%x and size %d must be multiples of the OS page size %d", address, size, pageSize));
        }
    }

    private String describe(int errno) {
        try {
            MemorySegment text = (MemorySegment) strerror.invokeExact(errno);
            return "errno " + errno + " (" + text.reinterpret(256).getString(0) + ")";
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }
}
