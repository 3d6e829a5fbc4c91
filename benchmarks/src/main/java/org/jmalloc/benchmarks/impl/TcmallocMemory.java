package org.jmalloc.benchmarks.impl;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * gperftools' tcmalloc as Debian ships it ({@code libtcmalloc_minimal.so.4} from package {@code libtcmalloc-minimal4}).
 *
 * <p>Calls {@code tc_malloc}, {@code tc_free} and {@code tc_realloc} through FFM downcalls (see
 * {@link NativeAllocatorLibrary}); the free is unsized, as C callers use it.
 */
final class TcmallocMemory extends AddressMemory {

    private static final NativeAllocatorLibrary LIBRARY = NativeAllocatorLibrary.load(
            () -> SymbolLookup.libraryLookup("libtcmalloc_minimal.so.4", Arena.global()), "tc_malloc", "tc_free", "tc_realloc",
            "tcmalloc not installed: apt-get install libtcmalloc-minimal4");
    private static final MethodHandle MALLOC = LIBRARY.malloc();
    private static final MethodHandle FREE = LIBRARY.free();
    private static final MethodHandle REALLOC = LIBRARY.realloc();

    /** @throws IllegalStateException when the library is not installed, saying how to install it */
    TcmallocMemory(int slots) {
        super("tcmalloc", slots);
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
            throw Downcalls.unexpected("tc_malloc", t);
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
            throw Downcalls.unexpected("tc_free", t);
        }
    }

    @Override
    long realloc(long address, long oldSize, long newSize) {
        try {
            return (long) REALLOC.invokeExact(address, newSize);
        } catch (Throwable t) {
            throw Downcalls.unexpected("tc_realloc", t);
        }
    }
}
