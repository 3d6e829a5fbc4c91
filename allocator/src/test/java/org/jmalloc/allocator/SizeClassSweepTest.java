package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;
import java.util.stream.LongStream;
import org.jmalloc.allocator.sizeclass.SizeClasses;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exhaustive sweep of {@link Allocator#sizeFor(long)} through the public API: every size from 1 to
 * the largest small class, then every class boundary and its neighbours (±1) up to 1 GiB, for each
 * logical page size. The expected classes come from {@link JemallocScheme}, written from the scheme
 * (16-byte quantum, four classes per doubling), not from the allocator's tables.
 */
class SizeClassSweepTest {

    private static final long GIB = 1L << 30;

    static LongStream pageSizes() {
        return LongStream.of(AllocatorConfigurations.PAGE_SIZES);
    }

    @ParameterizedTest(name = "page={0}")
    @MethodSource("pageSizes")
    void sizeForCoversTheRequest(long pageSize) {
        try (Allocator allocator = Allocator.builder().pageSize(pageSize).build()) {
            for (long size : sweep(allocator)) {
                long usable = allocator.sizeFor(size);
                if (usable < size) {
                    fail("sizeFor(" + size + ") = " + usable + " is smaller than the request");
                }
            }
        }
    }

    @ParameterizedTest(name = "page={0}")
    @MethodSource("pageSizes")
    void sizeForIsMonotonic(long pageSize) {
        try (Allocator allocator = Allocator.builder().pageSize(pageSize).build()) {
            long previousSize = 0;
            long previousClass = 0;
            for (long size : sweep(allocator)) {
                long usable = allocator.sizeFor(size);
                if (usable < previousClass) {
                    fail("sizeFor(" + size + ") = " + usable + " < sizeFor(" + previousSize + ") = " + previousClass);
                }
                previousSize = size;
                previousClass = usable;
            }
        }
    }

    @ParameterizedTest(name = "page={0}")
    @MethodSource("pageSizes")
    void sizeForOfAClassIsThatClass(long pageSize) {
        try (Allocator allocator = Allocator.builder().pageSize(pageSize).build()) {
            for (long size : sweep(allocator)) {
                long usable = allocator.sizeFor(size);
                long again = allocator.sizeFor(usable);
                if (again != usable) {
                    fail("sizeFor(sizeFor(" + size + ")) = " + again + " but sizeFor(" + size + ") = " + usable);
                }
            }
        }
    }

    @ParameterizedTest(name = "page={0}")
    @MethodSource("pageSizes")
    void sizeForFollowsTheJemallocScheme(long pageSize) {
        try (Allocator allocator = Allocator.builder().pageSize(pageSize).build()) {
            assertSweepMatches(allocator, allocator::sizeFor, "sizeFor");
        }
    }

    /** Consecutive classes in [2^k, 2^(k+1)] for 2^k ≥ 64 are 2^(k-2) apart; below 64 they are 16 apart. */
    @ParameterizedTest(name = "page={0}")
    @MethodSource("pageSizes")
    void classSpacingIsAQuarterOfThePowerOfTwoBelow(long pageSize) {
        try (Allocator allocator = Allocator.builder().pageSize(pageSize).build()) {
            List<Long> classes = new ArrayList<>();
            long size = 1;
            while (size <= GIB) {
                long sizeClass = allocator.sizeFor(size);
                classes.add(sizeClass);
                size = sizeClass + 1;
            }
            assertEquals(List.of(16L, 32L, 48L, 64L), classes.subList(0, 4), "the classes up to 64 bytes");
            for (int i = 4; i < classes.size(); i++) {
                long low = classes.get(i - 1);
                long high = classes.get(i);
                int k = 63 - Long.numberOfLeadingZeros(high - 1); // 2^k < high <= 2^(k+1)
                long spacing = 1L << (k - 2);
                if (high - low != spacing) {
                    fail("classes " + low + " and " + high + " lie in [2^" + k + ", 2^" + (k + 1)
                            + "] and should be " + spacing + " apart, not " + (high - low));
                }
            }
            assertEquals(GIB, (long) classes.get(classes.size() - 1), "1 GiB is a class");
        }
    }

    @ParameterizedTest(name = "page={0}")
    @MethodSource("pageSizes")
    void smallClassesInStatsAreTheSchemesClassesUpToSmallMaxSize(long pageSize) {
        try (Allocator allocator = Allocator.builder().pageSize(pageSize).build()) {
            AllocatorConfig config = allocator.config();
            List<Long> expected = new ArrayList<>();
            for (long c = JemallocScheme.classOf(1); c <= config.smallMaxSize(); c = JemallocScheme.next(c)) {
                expected.add(c);
            }
            List<Long> reported = allocator.stats().sizeClasses().stream()
                    .map(Stats.SizeClassStats::regionSize).toList();
            assertEquals(expected, reported, "stats().sizeClasses() region sizes");
            assertEquals(expected.size(), config.smallClasses(), "config().smallClasses()");
            assertEquals(config.smallMaxSize(), JemallocScheme.classOf(config.smallMaxSize()),
                    "config().smallMaxSize() is a class");
        }
    }

    @ParameterizedTest(name = "page={0}")
    @MethodSource("pageSizes")
    void sizeForAgreesWithSizeClassesRoundUp(long pageSize) {
        try (Allocator allocator = Allocator.builder().pageSize(pageSize).build()) {
            assertSweepMatches(allocator, SizeClasses::roundUp, "SizeClasses.roundUp");
            for (long size : sweep(allocator)) {
                if (allocator.sizeFor(size) != SizeClasses.roundUp(size)) {
                    fail("sizeFor(" + size + ") = " + allocator.sizeFor(size) + " but SizeClasses.roundUp("
                            + size + ") = " + SizeClasses.roundUp(size));
                }
            }
        }
    }

    @ParameterizedTest(name = "page={0}")
    @MethodSource("pageSizes")
    void largestRequestIsItsOwnClass(long pageSize) {
        try (Allocator allocator = Allocator.builder().pageSize(pageSize).build()) {
            long max = SizeClasses.MAX_SIZE;
            assertEquals(max, allocator.sizeFor(max), "sizeFor(MAX_SIZE)");
            assertEquals(max, allocator.sizeFor(max - 1), "sizeFor(MAX_SIZE - 1)");
            assertEquals(JemallocScheme.classOf(max / 2 + 1), allocator.sizeFor(max / 2 + 1),
                    "sizeFor(MAX_SIZE / 2 + 1)");
        }
    }

    private static void assertSweepMatches(Allocator allocator, LongUnaryOperator actual, String name) {
        for (long size : sweep(allocator)) {
            long expected = JemallocScheme.classOf(size);
            long got = actual.applyAsLong(size);
            if (got != expected) {
                fail(name + "(" + size + ") = " + got + ", but the jemalloc scheme puts " + size
                        + " bytes in class " + expected);
            }
        }
    }

    /** 1 .. smallMaxSize, then each class c up to 1 GiB with c - 1 and c + 1, ascending. */
    private static long[] sweep(Allocator allocator) {
        long smallMax = allocator.config().smallMaxSize();
        LongStream.Builder sizes = LongStream.builder();
        for (long size = 1; size <= smallMax; size++) {
            sizes.add(size);
        }
        long last = smallMax;
        for (long c = JemallocScheme.next(smallMax); c <= GIB; c = JemallocScheme.next(c)) {
            for (long size = c - 1; size <= c + 1; size++) {
                if (size > last) {
                    sizes.add(size);
                    last = size;
                }
            }
        }
        return sizes.build().toArray();
    }
}
