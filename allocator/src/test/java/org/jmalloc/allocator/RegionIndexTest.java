package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.LongStream;
import org.jmalloc.allocator.extent.Extent;
import org.jmalloc.allocator.sizeclass.SizeClasses;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link BlockDiagnostics#regionIndex}, the division by a slab's region size through its division magic, against
 * {@code offset / regionSize} for every byte of a slab of every small class, at each logical page size: the error
 * checks (interior address, already free) depend on it for interior bytes, not only for region starts.
 */
class RegionIndexTest {

    static LongStream pageSizes() {
        return LongStream.of(AllocatorConfigurations.PAGE_SIZES);
    }

    @ParameterizedTest(name = "page={0}")
    @MethodSource("pageSizes")
    void everyByteOfEverySlabMapsToItsRegion(long pageSize) {
        SizeClasses classes = new SizeClasses(pageSize);
        Extent slab = new Extent();
        for (int c = 0; c < classes.smallCount(); c++) {
            slab.regionSize = classes.sizeOf(c);
            slab.divMagic = classes.divMagic(c);
            long slabSize = classes.slabPages(c) * pageSize;
            for (long offset = 0; offset < slabSize; offset++) {
                long expected = offset / slab.regionSize;
                long got = BlockDiagnostics.regionIndex(slab, offset);
                if (got != expected) {
                    assertEquals(expected, got, "class " + slab.regionSize + " B, slab " + slabSize + " B, offset "
                            + offset);
                }
            }
        }
    }
}
