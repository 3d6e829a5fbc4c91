package org.jmalloc.allocator.sizeclass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The size-class formula and the per-page-size tables: the lookup table against the formula for
 * every small size, every class boundary up to {@link SizeClasses#MAX_SIZE}, the slab shapes against
 * an independent least common multiple, and the division magic against every offset of every slab.
 */
class SizeClassesTest {

    // ---- the formula -------------------------------------------------------------------------

    @Test
    void firstClassesAreJemallocs() {
        // jemalloc's published table for a 16-byte quantum.
        long[] expected = {16, 32, 48, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], SizeClasses.size(i), "size of class " + i);
        }
    }

    @Test
    void indexAndSizeAreInverseForEveryClass() {
        for (int i = 0; i < SizeClasses.NUM_CLASSES; i++) {
            long size = SizeClasses.size(i);
            assertEquals(i, SizeClasses.index(size), "index(size(" + i + ")) for size " + size);
            assertEquals(size, SizeClasses.roundUp(size), "roundUp of class size " + size);
            if (i > 0 && SizeClasses.size(i - 1) >= size) {
                fail("classes not increasing: size(" + (i - 1) + ") = " + SizeClasses.size(i - 1)
                        + " >= size(" + i + ") = " + size);
            }
        }
        assertEquals(SizeClasses.MAX_SIZE, SizeClasses.size(SizeClasses.NUM_CLASSES - 1), "largest class");
    }

    @Test
    void everyClassIsAMultipleOfTheQuantum() {
        for (int i = 0; i < SizeClasses.NUM_CLASSES; i++) {
            long size = SizeClasses.size(i);
            if (size % SizeClasses.QUANTUM != 0) {
                fail("class " + i + " has size " + size + ", not a multiple of " + SizeClasses.QUANTUM);
            }
        }
    }

    @Test
    void fourClassesPerDoublingSpacedAQuarterOfTheDoublingApart() {
        // Group 0: the quantum multiples up to 64.
        for (int i = 0; i < 4; i++) {
            assertEquals((i + 1) * SizeClasses.QUANTUM, SizeClasses.size(i), "class " + i);
        }
        // Every doubling (2^k, 2^(k+1)] from 64 up to MAX_SIZE holds exactly 2^k + j * 2^(k-2), j = 1..4.
        for (int k = 6; (1L << (k + 1)) <= SizeClasses.MAX_SIZE; k++) {
            long low = 1L << k;
            int first = SizeClasses.index(low + 1);
            int last = SizeClasses.index(2 * low);
            assertEquals(3, last - first, "classes in (" + low + ", " + 2 * low + "] minus one");
            for (int j = 1; j <= 4; j++) {
                assertEquals(low + j * (low >>> 2), SizeClasses.size(first + j - 1),
                        "class " + j + " of the doubling above " + low);
            }
        }
    }

    @Test
    void indexIsTheSmallestClassThatFitsAtEveryClassBoundary() {
        for (int i = 0; i < SizeClasses.NUM_CLASSES; i++) {
            long boundary = SizeClasses.size(i);
            for (long s = boundary - 1; s <= boundary + 1; s++) {
                if (s >= 1 && s <= SizeClasses.MAX_SIZE) {
                    assertSmallestFit(s);
                }
            }
        }
    }

    @Test
    void indexIsTheSmallestClassThatFitsForEverySizeUpTo64KiB() {
        for (long s = 1; s <= 1 << 16; s++) {
            assertSmallestFit(s);
        }
    }

    private static void assertSmallestFit(long s) {
        int index = SizeClasses.index(s);
        if (index < 0 || index >= SizeClasses.NUM_CLASSES) {
            fail("index(" + s + ") = " + index + " is outside 0.." + (SizeClasses.NUM_CLASSES - 1));
        }
        if (SizeClasses.size(index) < s) {
            fail("index(" + s + ") = " + index + " has size " + SizeClasses.size(index) + " < " + s);
        }
        if (index > 0 && SizeClasses.size(index - 1) >= s) {
            fail("index(" + s + ") = " + index + " but the smaller class " + (index - 1) + " of size "
                    + SizeClasses.size(index - 1) + " already fits");
        }
    }

    // ---- per page size -----------------------------------------------------------------------

    @ParameterizedTest(name = "page={0}")
    @ValueSource(longs = {4096, 16384, 65536})
    void lookupTableAgreesWithTheFormulaForEverySmallSize(long pageSize) {
        SizeClasses classes = new SizeClasses(pageSize);
        for (long s = 1; s <= classes.smallMax(); s++) {
            int formula = SizeClasses.index(s);
            int table = classes.indexOf(s);
            if (table != formula) {
                fail("page " + pageSize + ": indexOf(" + s + ") = " + table + " but index(" + s + ") = " + formula);
            }
            if (classes.sizeOf(table) < s || (table > 0 && classes.sizeOf(table - 1) >= s)) {
                fail("page " + pageSize + ": class " + table + " (" + classes.sizeOf(table)
                        + " bytes) is not the smallest that holds " + s);
            }
        }
    }

    @ParameterizedTest(name = "page={0}")
    @ValueSource(longs = {4096, 16384, 65536})
    void tablesAgreeWithTheFormulaForLargeSizes(long pageSize) {
        SizeClasses classes = new SizeClasses(pageSize);
        for (int i = 0; i < SizeClasses.NUM_CLASSES; i++) {
            assertEquals(SizeClasses.size(i), classes.sizeOf(i), "sizeOf(" + i + ")");
            long s = SizeClasses.size(i);
            assertEquals(SizeClasses.index(s), classes.indexOf(s), "indexOf(" + s + ")");
            if (s + 1 <= SizeClasses.MAX_SIZE) {
                assertEquals(SizeClasses.index(s + 1), classes.indexOf(s + 1), "indexOf(" + (s + 1) + ")");
            }
        }
    }

    @ParameterizedTest(name = "page={0}")
    @ValueSource(longs = {4096, 16384, 65536})
    void smallClassesStopJustBelowFourPages(long pageSize) {
        SizeClasses classes = new SizeClasses(pageSize);
        assertEquals(pageSize, classes.pageSize());
        // (2p, 4p] holds 2.5p, 3p, 3.5p and 4p: the largest class below 4p is 3.5p.
        assertEquals(7 * pageSize / 2, classes.smallMax(), "smallMax for page " + pageSize);
        assertTrue(classes.smallMax() < 4 * pageSize, "smallMax below 4 pages");
        assertEquals(classes.smallMax(), classes.sizeOf(classes.smallCount() - 1), "last small class");
        assertTrue(classes.sizeOf(classes.smallCount()) >= 4 * pageSize,
                "first large class " + classes.sizeOf(classes.smallCount()) + " is at least 4 pages");
    }

    @Test
    void fourKibPagesHaveJemallocsThirtyFiveSmallClassesUpTo14336() {
        SizeClasses classes = new SizeClasses(4096);
        assertEquals(14336, classes.smallMax());
        assertEquals(35, classes.smallCount());
    }

    @ParameterizedTest(name = "page={0}")
    @ValueSource(longs = {4096, 16384, 65536})
    void slabIsTheSmallestMultipleOfTheLeastCommonMultipleReachingTheMinimum(long pageSize) {
        SizeClasses classes = new SizeClasses(pageSize);
        for (int c = 0; c < classes.smallCount(); c++) {
            long region = classes.sizeOf(c);
            long slab = (long) classes.slabPages(c) * pageSize;
            BigInteger p = BigInteger.valueOf(pageSize);
            BigInteger r = BigInteger.valueOf(region);
            long lcm = p.multiply(r).divide(p.gcd(r)).longValueExact();
            String what = "page " + pageSize + ", class " + c + " (" + region + " bytes)";
            assertEquals(0, slab % lcm, what + ": slab is a multiple of the least common multiple");
            long min = SizeClasses.minSlab(region);
            assertTrue(slab >= min, what + ": slab of " + slab + " bytes is below the minimum");
            assertTrue(slab == lcm || slab - lcm < min, what + ": slab of " + slab
                    + " bytes is not the smallest multiple of " + lcm + " reaching the minimum");
            assertEquals(slab, (long) classes.regionsPerSlab(c) * region, what + ": regions tile the slab");
            assertEquals(lcm, (long) classes.runRegions(c) * region, what + ": run regions tile the lcm");
        }
    }

    /**
     * For every offset of every slab: {@code (off * magic) >>> 32} is {@code off / regionSize} at
     * every region start, an interior offset's quotient is its own region or the next one, and the
     * interior-pointer test {@code quotient * regionSize == off} holds at exactly the region starts.
     */
    @ParameterizedTest(name = "page={0}")
    @ValueSource(longs = {4096, 16384, 65536})
    void divMagicDividesEveryRegionStartAndRejectsEveryOtherOffset(long pageSize) {
        SizeClasses classes = new SizeClasses(pageSize);
        for (int c = 0; c < classes.smallCount(); c++) {
            long region = classes.sizeOf(c);
            long magic = classes.divMagic(c) & 0xFFFFFFFFL;
            int regions = classes.regionsPerSlab(c);
            for (long k = 0; k < regions; k++) {
                long start = k * region;
                long q = (start * magic) >>> 32;
                if (q != k) {
                    fail(String.format("page %d, class %d bytes: offset %d gives region %d, expected %d",
                            pageSize, region, start, q, k));
                }
                for (long r = 1; r < region; r++) {
                    long off = start + r;
                    long quotient = (off * magic) >>> 32;
                    if (quotient != k && quotient != k + 1) {
                        fail(String.format("page %d, class %d bytes: interior offset %d gives region %d, not %d or %d",
                                pageSize, region, off, quotient, k, k + 1));
                    }
                    if (quotient * region == off) {
                        fail(String.format("page %d, class %d bytes: interior offset %d passes as a region start",
                                pageSize, region, off));
                    }
                }
            }
        }
    }

    // ---- bad input ---------------------------------------------------------------------------

    @ParameterizedTest(name = "page={0}")
    @ValueSource(longs = {0, -4096, 1, 2048, 4095, 4097, 6144, 12288, 1L << 25, Long.MIN_VALUE})
    void invalidPageSizeIsRejectedNamingTheValue(long pageSize) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SizeClasses(pageSize));
        assertTrue(e.getMessage().contains(Long.toString(pageSize)),
                "message names " + pageSize + ": " + e.getMessage());
    }

    @Test
    void everyPowerOfTwoPageFrom4KibTo16MibIsAccepted() {
        for (long page = 4096; page <= 1L << 24; page <<= 1) {
            SizeClasses classes = new SizeClasses(page);
            assertEquals(7 * page / 2, classes.smallMax(), "smallMax for page " + page);
        }
    }
}
