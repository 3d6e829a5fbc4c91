package org.jmalloc.benchmarks.impl;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.function.Supplier;

/**
 * The malloc, free and realloc downcalls of one native allocator library, or the reason it could not be loaded.
 *
 * <p>Pointers and {@code size_t} are passed as {@code long} ({@code JAVA_LONG}): on the 64-bit Linux ABIs both are
 * 64-bit integers in integer registers, and a {@code long} return needs no {@code MemorySegment} on the Java heap.
 * Every handle is linked with {@code Linker.Option.critical(false)}: these functions neither block for long nor call
 * back into Java, so the thread-state transition of a normal downcall is skipped, as a C caller would not pay it either.
 *
 * <p>{@link NativeMemory} holds each library's record in a {@code static final} field; a record's fields are trusted
 * as final, so the JIT treats the handles as constants and inlines the downcall stubs.
 *
 * @param malloc {@code (long size) -> long address}, null when unavailable
 * @param free {@code (long address) -> void}, null when unavailable
 * @param realloc {@code (long address, long size) -> long address}, null when unavailable
 * @param unavailable why the library could not be loaded (with the fix), null when it was
 * @param symbols the loaded library, for its other functions ({@link NativeControl}); null when unavailable
 */
record NativeAllocatorLibrary(MethodHandle malloc, MethodHandle free, MethodHandle realloc, String unavailable,
        SymbolLookup symbols) {

    private static final FunctionDescriptor MALLOC = FunctionDescriptor.of(JAVA_LONG, JAVA_LONG);
    private static final FunctionDescriptor FREE = FunctionDescriptor.ofVoid(JAVA_LONG);
    private static final FunctionDescriptor REALLOC = FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG);

    /**
     * Looks the three functions up in the library {@code lookup} opens; when opening it or finding a symbol fails,
     * the result is unavailable with {@code hint} and the cause as its reason.
     */
    static NativeAllocatorLibrary load(Supplier<SymbolLookup> lookup, String mallocName, String freeName,
            String reallocName, String hint) {
        try {
            SymbolLookup library = lookup.get();
            return new NativeAllocatorLibrary(
                    downcall(library, mallocName, MALLOC), downcall(library, freeName, FREE),
                    downcall(library, reallocName, REALLOC), null, library);
        } catch (RuntimeException | LinkageError e) {
            return new NativeAllocatorLibrary(null, null, null, hint + " (" + e.getMessage() + ")", null);
        }
    }

    /**
     * Throws when the library is unavailable.
     *
     * @throws IllegalStateException saying which library is missing and how to install it
     */
    void requireAvailable() {
        if (unavailable != null) {
            throw new IllegalStateException(unavailable);
        }
    }

    private static MethodHandle downcall(SymbolLookup library, String symbol, FunctionDescriptor descriptor) {
        MemorySegment address = library.find(symbol).orElseThrow(
                () -> new IllegalArgumentException("symbol " + symbol + " not found"));
        return Linker.nativeLinker().downcallHandle(address, descriptor, Linker.Option.critical(false));
    }
}
