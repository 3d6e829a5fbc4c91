package org.jmalloc.allocator;

import java.util.stream.Stream;

/**
 * The configurations every contract test runs against: logical page sizes 4 KiB, 16 KiB and
 * 64 KiB, thread cache on and off, one arena and four arenas (twelve in all).
 *
 * <p>Use as {@code @MethodSource("org.jmalloc.allocator.AllocatorConfigurations#all")}; each
 * {@link Spec} builds a fresh allocator, which the test closes.
 */
final class AllocatorConfigurations {

    static final long[] PAGE_SIZES = {4096, 16384, 65536};

    private AllocatorConfigurations() {
    }

    /** Every page size × thread cache on/off × 1 and 4 arenas. */
    static Stream<Spec> all() {
        Stream.Builder<Spec> specs = Stream.builder();
        for (long page : PAGE_SIZES) {
            for (boolean cache : new boolean[] {true, false}) {
                for (int arenas : new int[] {1, 4}) {
                    specs.add(new Spec(page, cache, arenas));
                }
            }
        }
        return specs.build();
    }

    /** Thread cache on and off with 1 and 4 arenas, at the default page size. */
    static Stream<Spec> cacheAndArenas() {
        return Stream.of(new Spec(4096, true, 1), new Spec(4096, true, 4),
                new Spec(4096, false, 1), new Spec(4096, false, 4));
    }

    /**
     * One configuration.
     *
     * @param pageSize the logical page size in bytes
     * @param threadCache whether threads cache small blocks
     * @param arenas the number of arenas
     */
    record Spec(long pageSize, boolean threadCache, int arenas) {

        /** A builder with this configuration's settings and every other setting at its default. */
        AllocatorBuilder builder() {
            return Allocator.builder().pageSize(pageSize).threadCache(threadCache).arenas(arenas);
        }

        Allocator build() {
            return builder().build();
        }

        @Override
        public String toString() {
            return "page=" + (pageSize / 1024) + "K tcache=" + (threadCache ? "on" : "off") + " arenas=" + arenas;
        }
    }
}
