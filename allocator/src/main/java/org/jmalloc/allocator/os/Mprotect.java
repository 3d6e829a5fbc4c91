package org.jmalloc.allocator.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Linux's {@code mprotect} through an FFM downcall that captures {@code errno}: how guard pages
 * are made inaccessible ({@code PROT_NONE}) and given back ({@code PROT_READ | PROT_WRITE}).
 * Loaded on first use, so an allocator without guard pages never links it.
 */
final class Mprotect {

    static final int PROT_NONE = 0x0;
    static final int PROT_READ_WRITE = 0x1 | 0x2;

    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle MPROTECT;
    private static final MethodHandle STRERROR;

    static {
        Linker linker = Linker.nativeLinker();
        var libc = linker.defaultLookup();
        MPROTECT = linker.downcallHandle(libc.find("mprotect").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_INT), Linker.Option.captureCallState("errno"));
        STRERROR = linker.downcallHandle(libc.find("strerror").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    }

    private Mprotect() {
    }

    /**
     * Sets the protection of {@code [address, address + size)}.
     *
     * @throws IllegalStateException naming the range and the OS error when the OS refuses
     */
    static void protect(long address, long size, boolean accessible) {
        int prot = accessible ? PROT_READ_WRITE : PROT_NONE;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int rc;
            try {
                rc = (int) MPROTECT.invokeExact(state, address, size, prot);
            } catch (Throwable t) {
                throw new IllegalStateException("mprotect downcall failed", t);
            }
            if (rc != 0) {
                int err = (int) ERRNO.get(state, 0L);
                throw new IllegalStateException(String.format("mprotect(0x%x, %d, %s) failed: errno %d (%s)", address,
                        size, accessible ? "PROT_READ|PROT_WRITE" : "PROT_NONE", err, describe(err)));
            }
        }
    }

    private static String describe(int errno) {
        try {
            return ((MemorySegment) STRERROR.invokeExact(errno)).reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "unknown";
        }
    }
}
