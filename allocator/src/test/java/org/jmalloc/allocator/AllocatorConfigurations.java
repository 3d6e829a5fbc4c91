package org.jmalloc.allocator;

import java.util.stream.Stream;

/**
 * The configurations every contract test runs against: logical page sizes 4 KiB, 16 KiB and
 * 64 KiB, thread cache on and off, one arena and four arenas, all with free marks (twelve), and
 * the 4 KiB ones again without free marks (four more), since marks change what malloc and free
 * write into blocks and which double frees the fast path catches.
 *
 * <p>Use as {@code @MethodSource("org.jmalloc.allocator.AllocatorConfigurations#all")}; each
 * {@link Spec} builds a fresh allocator, which the test closes.
 */
final class AllocatorConfigurations {

    static final long[] PAGE_SIZES = {4096, 16384, 65536};

    private AllocatorConfigurations() {
    }

    /** Every page size × thread cache on/off × 1 and 4 arenas with free marks; at 4 KiB also without. */
    static Stream<Spec> all() {
        Stream.Builder<Spec> specs = Stream.builder();
        for (long page : PAGE_SIZES) {
            for (boolean cache : new boolean[] {true, false}) {
                for (int arenas : new int[] {1, 4}) {
                    specs.add(new Spec(page, cache, arenas, true));
                }
            }
        }
        cacheAndArenas().map(Spec::withoutFreeMarks).forEach(specs::add);
        return specs.build();
    }

    /** Thread cache on and off with 1 and 4 arenas, at the default page size, with free marks. */
    static Stream<Spec> cacheAndArenas() {
        return Stream.of(new Spec(4096, true, 1, true), new Spec(4096, true, 4, true),
                new Spec(4096, false, 1, true), new Spec(4096, false, 4, true));
    }

    /**
     * One configuration.
     *
     * @param pageSize the logical page size in bytes
     * @param threadCache whether threads cache small blocks
     * @param arenas the number of arenas
     * @param freeMarks whether freed blocks carry the free mark
     */
    record Spec(long pageSize, boolean threadCache, int arenas, boolean freeMarks) {

        /** A builder with this configuration's settings and every other setting at its default. */
        AllocatorBuilder builder() {
            return Allocator.builder().pageSize(pageSize).threadCache(threadCache).arenas(arenas).freeMarks(freeMarks);
        }

        Spec withoutFreeMarks() {
            return new Spec(pageSize, threadCache, arenas, false);
        }

        Allocator build() {
            return builder().build();
        }

        @Override
        public String toString() {
            return "page=" + (pageSize / 1024) + "K tcache=" + (threadCache ? "on" : "off") + " arenas=" + arenas
                    + (freeMarks ? "" : " marks=off");
        }
    }
}
