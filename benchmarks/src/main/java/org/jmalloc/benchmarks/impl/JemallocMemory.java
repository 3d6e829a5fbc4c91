package org.jmalloc.benchmarks.impl;

import java.lang.invoke.MethodHandle;

/**
 * jemalloc as LWJGL builds it (symbols prefixed {@code je_}), loaded from the natives jar by {@link JemallocLoader}.
 *
 * <p>Calls {@code je_malloc}, {@code je_free} and {@code je_realloc} through FFM downcalls (see
 * {@link NativeAllocatorLibrary}); the free is unsized, as C callers use it.
 */
final class JemallocMemory extends AddressMemory {

    private static final NativeAllocatorLibrary LIBRARY = NativeAllocatorLibrary.load(
            JemallocLoader::lookup, "je_malloc", "je_free", "je_realloc",
            "jemalloc unavailable: put org.lwjgl:lwjgl-jemalloc:natives-linux on the class path (the benchmarks jar ships it)");
    private static final MethodHandle MALLOC = LIBRARY.malloc();
    private static final MethodHandle FREE = LIBRARY.free();
    private static final MethodHandle REALLOC = LIBRARY.realloc();

    /** @throws IllegalStateException when the library is not installed, saying how to install it */
    JemallocMemory(int slots) {
        super("jemalloc", slots);
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
            throw Downcalls.unexpected("je_malloc", t);
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
            throw Downcalls.unexpected("je_free", t);
        }
    }

    @Override
    long realloc(long address, long oldSize, long newSize) {
        try {
            return (long) REALLOC.invokeExact(address, newSize);
        } catch (Throwable t) {
            throw Downcalls.unexpected("je_realloc", t);
        }
    }
}
