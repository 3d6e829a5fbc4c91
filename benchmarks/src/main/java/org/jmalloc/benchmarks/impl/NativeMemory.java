package org.jmalloc.benchmarks.impl;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.util.function.Supplier;

/**
 * A native allocator library (glibc, jemalloc, mimalloc or tcmalloc) called through FFM downcalls (see
 * {@link NativeAllocatorLibrary}); the free is unsized, as C callers use it. The factory methods name the library.
 *
 * <p>Design: the downcall handles must be JIT constants, so that the JIT inlines the downcall stubs; a handle read
 * from an instance field is not one, and calling it would add a type check and an indirect call to every malloc and
 * free of the native anchors. So each library's handles live in a {@code static final} field of their own holder
 * class (loaded on first use: a glibc fork never opens mimalloc), and {@link #handles()} picks the holder by comparing
 * the final {@link #library} field with the four constants. A JMH fork opens one library, so only one comparison is
 * ever true; the JIT compiles the others as never taken, and what remains is one load, one compare and a constant
 * handle.
 */
final class NativeMemory extends AddressMemory {

    /**
     * Where a library is found and what its three functions are called.
     *
     * @param name the benchmarks' {@code impl} id
     * @param lookup opens the library
     * @param malloc {@code void *malloc(size_t)}
     * @param free {@code void free(void *)}
     * @param realloc {@code void *realloc(void *, size_t)}
     * @param hint what is missing and how to install it, the start of the unavailable message
     */
    record Library(String name, Supplier<SymbolLookup> lookup, String malloc, String free, String realloc,
            String hint) {

        NativeAllocatorLibrary load() {
            return NativeAllocatorLibrary.load(lookup, malloc, free, realloc, hint);
        }
    }

    /** The C library's allocator (glibc ptmalloc2 on Debian), as every JVM process already has it. */
    static final Library GLIBC = new Library("glibc", () -> Linker.nativeLinker().defaultLookup(),
            "malloc", "free", "realloc", "glibc malloc not found in the C library the JVM links");
    /** jemalloc as LWJGL builds it (symbols prefixed {@code je_}), loaded from the natives jar by {@link JemallocLoader}. */
    static final Library JEMALLOC = new Library("jemalloc", JemallocLoader::lookup,
            "je_malloc", "je_free", "je_realloc",
            "jemalloc unavailable: put org.lwjgl:lwjgl-jemalloc:natives-linux on the class path (the benchmarks jar ships it)");
    /** Microsoft's mimalloc as Debian ships it ({@code libmimalloc.so.2} from package {@code libmimalloc2.0}). */
    static final Library MIMALLOC = new Library("mimalloc",
            () -> SymbolLookup.libraryLookup("libmimalloc.so.2", Arena.global()),
            "mi_malloc", "mi_free", "mi_realloc", "mimalloc not installed: apt-get install libmimalloc2.0");
    /**
     * gperftools' tcmalloc as Debian ships it ({@code libtcmalloc_minimal.so.4} from package
     * {@code libtcmalloc-minimal4}).
     */
    static final Library TCMALLOC = new Library("tcmalloc",
            () -> SymbolLookup.libraryLookup("libtcmalloc_minimal.so.4", Arena.global()),
            "tc_malloc", "tc_free", "tc_realloc", "tcmalloc not installed: apt-get install libtcmalloc-minimal4");

    private static final class GlibcHandles {
        static final NativeAllocatorLibrary LOADED = GLIBC.load();
    }

    private static final class JemallocHandles {
        static final NativeAllocatorLibrary LOADED = JEMALLOC.load();
    }

    private static final class MimallocHandles {
        static final NativeAllocatorLibrary LOADED = MIMALLOC.load();
    }

    private static final class TcmallocHandles {
        static final NativeAllocatorLibrary LOADED = TCMALLOC.load();
    }

    private final Library library;
    /** The library's control calls, looked up on first use (footprint benchmarks only). */
    private NativeControl control;

    /** @throws IllegalStateException when the library is not installed, saying how to install it */
    private NativeMemory(Library library, int slots) {
        super(library.name(), slots);
        this.library = library;
        handles().requireAvailable();
    }

    /** @throws IllegalStateException when glibc's malloc cannot be found */
    static NativeMemory glibc(int slots) {
        return new NativeMemory(GLIBC, slots);
    }

    /** @throws IllegalStateException when LWJGL's jemalloc natives are not on the class path */
    static NativeMemory jemalloc(int slots) {
        return new NativeMemory(JEMALLOC, slots);
    }

    /** @throws IllegalStateException when mimalloc is not installed, saying how to install it */
    static NativeMemory mimalloc(int slots) {
        return new NativeMemory(MIMALLOC, slots);
    }

    /** @throws IllegalStateException when tcmalloc is not installed, saying how to install it */
    static NativeMemory tcmalloc(int slots) {
        return new NativeMemory(TCMALLOC, slots);
    }

    /** Why {@code library} (one of the four constants) cannot be used, or null when it can. */
    static String unavailable(Library library) {
        return handles(library).unavailable();
    }

    /** This library's handles as a JIT constant (see the design comment). */
    private NativeAllocatorLibrary handles() {
        return handles(library);
    }

    private static NativeAllocatorLibrary handles(Library library) {
        if (library == GLIBC) {
            return GlibcHandles.LOADED;
        }
        if (library == JEMALLOC) {
            return JemallocHandles.LOADED;
        }
        if (library == MIMALLOC) {
            return MimallocHandles.LOADED;
        }
        if (library == TCMALLOC) {
            return TcmallocHandles.LOADED;
        }
        throw new IllegalArgumentException("not one of NativeMemory's libraries: " + library);
    }

    @Override
    long malloc(long size) {
        try {
            return (long) handles().malloc().invokeExact(size);
        } catch (Throwable t) {
            throw Downcalls.unexpected(library.malloc(), t);
        }
    }

    @Override
    void free(long address, long size) {
        freeUnsized(address);
    }

    @Override
    void freeUnsized(long address) {
        try {
            handles().free().invokeExact(address);
        } catch (Throwable t) {
            throw Downcalls.unexpected(library.free(), t);
        }
    }

    @Override
    public void purge() {
        control().purge();
    }

    @Override
    public AllocatorCounters counters() {
        return control().counters();
    }

    /**
     * Switches on the library's background purge thread where it has one (jemalloc's {@code background_thread}).
     *
     * @return whether the library has one
     */
    boolean startBackgroundPurge() {
        return control().startBackgroundPurge();
    }

    private NativeControl control() {
        if (control == null) {
            control = NativeControl.of(library.name(), handles().symbols());
        }
        return control;
    }

    @Override
    long realloc(long address, long oldSize, long newSize) {
        try {
            return (long) handles().realloc().invokeExact(address, newSize);
        } catch (Throwable t) {
            throw Downcalls.unexpected(library.realloc(), t);
        }
    }
}
