package org.jmalloc.benchmarks.impl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The control calls of the native allocators that the footprint benchmarks make besides malloc and free: purging
 * (giving free memory back to the OS now), reading the allocator's own counters, and switching on a background purge
 * thread where the allocator has one. Looked up on first use; none of this is on a measured hot path, so the handles
 * are ordinary (not critical) downcalls.
 */
abstract sealed class NativeControl {

    private static final Linker LINKER = Linker.nativeLinker();

    /** The control calls of the library {@code name} ({@code glibc}, {@code jemalloc}, ...) found in {@code symbols}. */
    static NativeControl of(String name, SymbolLookup symbols) {
        return switch (name) {
            case "glibc" -> new Glibc(symbols);
            case "jemalloc" -> new Jemalloc(symbols);
            case "mimalloc" -> new Mimalloc(symbols);
            case "tcmalloc" -> new Tcmalloc(symbols);
            default -> throw new IllegalArgumentException("no native control calls for " + name);
        };
    }

    /** See {@link MemoryImpl#purge()}. */
    abstract void purge();

    /** See {@link MemoryImpl#counters()}. */
    abstract AllocatorCounters counters();

    /**
     * Starts the allocator's background purging, if it has any.
     *
     * @return whether it has (and it is now on)
     */
    boolean startBackgroundPurge() {
        return false;
    }

    static MethodHandle handle(SymbolLookup symbols, String name, FunctionDescriptor descriptor) {
        MemorySegment address = symbols.find(name).orElseThrow(
                () -> new IllegalStateException("symbol " + name + " not found"));
        return LINKER.downcallHandle(address, descriptor);
    }

    static IllegalStateException failed(String call, Throwable t) {
        return new IllegalStateException(call + " failed", t);
    }

    /** glibc: {@code malloc_trim(0)} and {@code mallinfo2()}. */
    private static final class Glibc extends NativeControl {
        /** {@code struct mallinfo2}: ten {@code size_t} fields. */
        private static final MemoryLayout MALLINFO2 = MemoryLayout.structLayout(
                JAVA_LONG.withName("arena"), JAVA_LONG.withName("ordblks"), JAVA_LONG.withName("smblks"),
                JAVA_LONG.withName("hblks"), JAVA_LONG.withName("hblkhd"), JAVA_LONG.withName("usmblks"),
                JAVA_LONG.withName("fsmblks"), JAVA_LONG.withName("uordblks"), JAVA_LONG.withName("fordblks"),
                JAVA_LONG.withName("keepcost"));
        private final MethodHandle trim;
        private final MethodHandle mallinfo2;

        Glibc(SymbolLookup symbols) {
            trim = handle(symbols, "malloc_trim", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
            mallinfo2 = handle(symbols, "mallinfo2", FunctionDescriptor.of(MALLINFO2));
        }

        @Override
        void purge() {
            try {
                int released = (int) trim.invokeExact(0L);
            } catch (Throwable t) {
                throw failed("malloc_trim", t);
            }
        }

        @Override
        AllocatorCounters counters() {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment info = (MemorySegment) mallinfo2.invokeExact((java.lang.foreign.SegmentAllocator) arena);
                long arenaBytes = info.get(JAVA_LONG, 0);
                long mmapped = info.get(JAVA_LONG, 32);
                long inUse = info.get(JAVA_LONG, 56);
                return new AllocatorCounters(inUse + mmapped, AllocatorCounters.UNKNOWN, arenaBytes + mmapped);
            } catch (Throwable t) {
                throw failed("mallinfo2", t);
            }
        }
    }

    /** jemalloc: {@code je_mallctl}. */
    private static final class Jemalloc extends NativeControl {
        /** {@code MALLCTL_ARENAS_ALL}: the pseudo-arena index that names every arena. */
        private static final int ARENAS_ALL = 4096;
        private static final int ENOENT = 2;
        private final MethodHandle mallctl;

        Jemalloc(SymbolLookup symbols) {
            mallctl = handle(symbols, "je_mallctl",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
        }

        /** {@code mallctl(name, NULL, NULL, NULL, 0)}: a command without input or output. */
        private void command(String name) {
            try (Arena arena = Arena.ofConfined()) {
                check(name, (int) mallctl.invokeExact(arena.allocateFrom(name), MemorySegment.NULL,
                        MemorySegment.NULL, MemorySegment.NULL, 0L));
            } catch (IllegalStateException e) {
                throw e;
            } catch (Throwable t) {
                throw failed("je_mallctl(" + name + ")", t);
            }
        }

        /**
         * Reads a {@code size_t} statistic, {@link AllocatorCounters#UNKNOWN} when this build has none by that name
         * ({@code ENOENT}: LWJGL builds jemalloc without {@code --enable-stats}).
         */
        private long read(String name) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment value = arena.allocate(JAVA_LONG);
                MemorySegment length = arena.allocateFrom(JAVA_LONG, 8);
                int rc = (int) mallctl.invokeExact(arena.allocateFrom(name), value, length, MemorySegment.NULL, 0L);
                if (rc == ENOENT) {
                    return AllocatorCounters.UNKNOWN;
                }
                check(name, rc);
                return value.get(JAVA_LONG, 0);
            } catch (IllegalStateException e) {
                throw e;
            } catch (Throwable t) {
                throw failed("je_mallctl(" + name + ")", t);
            }
        }

        /** Writes a value of {@code size} bytes held in {@code value}. */
        private void write(String name, MemorySegment value, long size) {
            try (Arena arena = Arena.ofConfined()) {
                check(name, (int) mallctl.invokeExact(arena.allocateFrom(name), MemorySegment.NULL,
                        MemorySegment.NULL, value, size));
            } catch (IllegalStateException e) {
                throw e;
            } catch (Throwable t) {
                throw failed("je_mallctl(" + name + ")", t);
            }
        }

        private static void check(String name, int rc) {
            if (rc != 0) {
                throw new IllegalStateException("je_mallctl(\"" + name + "\") returned error " + rc);
            }
        }

        @Override
        void purge() {
            command("thread.tcache.flush");
            command("arena." + ARENAS_ALL + ".purge");
        }

        @Override
        AllocatorCounters counters() {
            try (Arena arena = Arena.ofConfined()) {
                write("epoch", arena.allocateFrom(JAVA_LONG, 1), 8); // refreshes the statistics snapshot
            }
            return new AllocatorCounters(read("stats.allocated"), read("stats.metadata"), read("stats.mapped"));
        }

        @Override
        boolean startBackgroundPurge() {
            try (Arena arena = Arena.ofConfined()) {
                write("background_thread", arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, (byte) 1), 1);
            }
            return true;
        }
    }

    /** mimalloc: {@code mi_collect(true)}. */
    private static final class Mimalloc extends NativeControl {
        private final MethodHandle collect;

        Mimalloc(SymbolLookup symbols) {
            collect = handle(symbols, "mi_collect", FunctionDescriptor.ofVoid(JAVA_BOOLEAN));
        }

        @Override
        void purge() {
            try {
                collect.invokeExact(true);
            } catch (Throwable t) {
                throw failed("mi_collect", t);
            }
        }

        @Override
        AllocatorCounters counters() {
            return AllocatorCounters.NONE;
        }
    }

    /** gperftools' tcmalloc: {@code MallocExtension_*}. */
    private static final class Tcmalloc extends NativeControl {
        private final MethodHandle markIdle;
        private final MethodHandle release;
        private final MethodHandle property;

        Tcmalloc(SymbolLookup symbols) {
            markIdle = handle(symbols, "MallocExtension_MarkThreadIdle", FunctionDescriptor.ofVoid());
            release = handle(symbols, "MallocExtension_ReleaseFreeMemory", FunctionDescriptor.ofVoid());
            property = handle(symbols, "MallocExtension_GetNumericProperty",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        }

        @Override
        void purge() {
            try {
                markIdle.invokeExact(); // returns the thread's cache to the central lists
                release.invokeExact();
            } catch (Throwable t) {
                throw failed("MallocExtension_ReleaseFreeMemory", t);
            }
        }

        private long read(String name) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment value = arena.allocate(JAVA_LONG);
                int found = (int) property.invokeExact(arena.allocateFrom(name), value);
                return found != 0 ? value.get(JAVA_LONG, 0) : AllocatorCounters.UNKNOWN;
            } catch (Throwable t) {
                throw failed("MallocExtension_GetNumericProperty(" + name + ")", t);
            }
        }

        @Override
        AllocatorCounters counters() {
            long heap = read("generic.heap_size");
            long unmapped = read("tcmalloc.pageheap_unmapped_bytes");
            long mapped = heap < 0 || unmapped < 0 ? AllocatorCounters.UNKNOWN : heap - unmapped;
            return new AllocatorCounters(read("generic.current_allocated_bytes"), AllocatorCounters.UNKNOWN, mapped);
        }
    }
}
