package org.jmalloc.benchmarks.impl;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * Microsoft's mimalloc as Debian ships it ({@code libmimalloc.so.2} from package {@code libmimalloc2.0}).
 *
 * <p>Calls {@code mi_malloc}, {@code mi_free} and {@code mi_realloc} through FFM downcalls (see
 * {@link NativeAllocatorLibrary}); the free is unsized, as C callers use it.
 */
final class MimallocMemory extends AddressMemory {

    private static final NativeAllocatorLibrary LIBRARY = NativeAllocatorLibrary.load(
            () -> SymbolLookup.libraryLookup("libmimalloc.so.2", Arena.global()), "mi_malloc", "mi_free", "mi_realloc",
            "mimalloc not installed: apt-get install libmimalloc2.0");
    private static final MethodHandle MALLOC = LIBRARY.malloc();
    private static final MethodHandle FREE = LIBRARY.free();
    private static final MethodHandle REALLOC = LIBRARY.realloc();

    /** @throws IllegalStateException when the library is not installed, saying how to install it */
    MimallocMemory(int slots) {
        super("mimalloc", slots);
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
            throw Downcalls.unexpected("mi_malloc", t);
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
            throw Downcalls.unexpected("mi_free", t);
        }
    }

    @Override
    long realloc(long address, long oldSize, long newSize) {
        try {
            return (long) REALLOC.invokeExact(address, newSize);
        } catch (Throwable t) {
            throw Downcalls.unexpected("mi_realloc", t);
        }
    }
}
