package org.jmalloc.benchmarks.impl;

import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

/**
 * The C library's allocator (glibc ptmalloc2 on Debian), as every JVM process already has it.
 *
 * <p>Calls {@code malloc}, {@code free} and {@code realloc} through FFM downcalls (see
 * {@link NativeAllocatorLibrary}); the free is unsized, as C callers use it.
 */
final class GlibcMemory extends AddressMemory {

    private static final NativeAllocatorLibrary LIBRARY = NativeAllocatorLibrary.load(
            () -> Linker.nativeLinker().defaultLookup(), "malloc", "free", "realloc",
            "glibc malloc not found in the C library the JVM links");
    private static final MethodHandle MALLOC = LIBRARY.malloc();
    private static final MethodHandle FREE = LIBRARY.free();
    private static final MethodHandle REALLOC = LIBRARY.realloc();

    /** @throws IllegalStateException when the library is not installed, saying how to install it */
    GlibcMemory(int slots) {
        super("glibc", slots);
        LIBRARY.requireAvailable();
    }

    /** Why the library cannot be used, or null when it can. */
    static String unavailable() {
        return LIBRARY.unavailable();
    }

    @Override
    long malloc(long size) {
        try {
            return (long) MALLOC.invokeExact(size);
        } catch (Throwable t) {
            throw Downcalls.unexpected("malloc", t);
        }
    }

    @Override
    void free(long address, long size) {
        freeUnsized(address);
    }

    @Override
    void freeUnsized(long address) {
        try {
            FREE.invokeExact(address);
        } catch (Throwable t) {
            throw Downcalls.unexpected("free", t);
        }
    }

    @Override
    long realloc(long address, long oldSize, long newSize) {
        try {
            return (long) REALLOC.invokeExact(address, newSize);
        } catch (Throwable t) {
            throw Downcalls.unexpected("realloc", t);
        }
    }
}
