package org.jmalloc.allocator.slab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The region bitmap for every width from 1 to {@value #MAX_BITS} bits (ten words): lowest-clear-first
 * order, padding bits that are never handed out, and agreement with {@link BitSet} under random
 * operations. Each bitmap lies in off-heap memory between two canary words that no operation may
 * touch (checked after every test).
 */
class BitmapTest {

    private static final int MAX_BITS = 640;
    private static final long CANARY = 0x5EED_CAFE_F00D_D00DL;

    private final Arena arena = Arena.ofConfined();
    private final List<MemorySegment> guarded = new ArrayList<>();

    /** An off-heap bitmap of {@code words} words (contents undefined, as a recycled one's are), canaries around it. */
    private long words(int words) {
        MemorySegment s = arena.allocate(8L * (words + 2), 8);
        s.fill((byte) 0x77);
        s.set(ValueLayout.JAVA_LONG, 0, CANARY);
        s.set(ValueLayout.JAVA_LONG, 8L * (words + 1), CANARY);
        guarded.add(s);
        return s.address() + 8;
    }

    @AfterEach
    void canariesIntactThenFree() {
        try {
            for (MemorySegment s : guarded) {
                assertEquals(CANARY, s.get(ValueLayout.JAVA_LONG, 0), "the word before a bitmap was written");
                assertEquals(CANARY, s.get(ValueLayout.JAVA_LONG, s.byteSize() - 8), "the word after a bitmap was written");
            }
        } finally {
            arena.close();
        }
    }

    @Test
    void strideHoldsTheWordsAndKeepsSmallBitmapsInsideOneCacheLine() {
        for (int nbits = 1; nbits <= MAX_BITS; nbits++) {
            long stride = Bitmap.stride(nbits);
            long bytes = 8L * Bitmap.words(nbits);
            assertTrue(stride >= bytes, nbits + " bits: stride " + stride + " < " + bytes + " bytes");
            if (bytes <= 64) {
                assertEquals(0, 64 % stride, nbits + " bits: stride " + stride + " does not divide a cache line");
                assertTrue(stride < 2 * bytes, nbits + " bits: stride " + stride + " wastes over half");
            } else {
                assertEquals(0, stride % 64, nbits + " bits: stride " + stride + " is not whole cache lines");
                assertTrue(stride - bytes < 64, nbits + " bits: stride " + stride + " for " + bytes + " bytes");
            }
        }
    }

    @Test
    void aSpareBitmapLinksToTheNext() {
        long a = words(1);
        long b = words(16);
        Bitmap.link(b, a);
        Bitmap.link(a, 0);
        assertEquals(a, Bitmap.next(b));
        assertEquals(0, Bitmap.next(a));
    }

    @Test
    void wordsCoverTheBits() {
        for (int nbits = 1; nbits <= MAX_BITS; nbits++) {
            int words = Bitmap.words(nbits);
            assertTrue(words * 64 >= nbits && (words - 1) * 64 < nbits, nbits + " bits in " + words + " words");
        }
    }

    @Test
    void setFirstClearHandsOutEveryBitInOrderThenMinusOne() {
        for (int nbits = 1; nbits <= MAX_BITS; nbits++) {
            int words = Bitmap.words(nbits);
            long map = words(words);
            Bitmap.init(map, nbits);
            for (int expected = 0; expected < nbits; expected++) {
                int got = Bitmap.setFirstClear(map, words);
                if (got != expected) {
                    fail(nbits + " bits: call " + expected + " of setFirstClear returned " + got);
                }
            }
            assertEquals(-1, Bitmap.setFirstClear(map, words), nbits + " bits: full bitmap");
            assertEquals(-1, Bitmap.setFirstClear(map, words), nbits + " bits: still full");
        }
    }

    @Test
    void initClearsTheBitsAndSetsOnlyThePadding() {
        Random random = new Random(1);
        for (int nbits = 1; nbits <= MAX_BITS; nbits++) {
            int words = Bitmap.words(nbits);
            long map = words(words);
            for (int w = 0; w < words; w++) {
                MemorySegment.NULL.reinterpret(Long.MAX_VALUE).set(ValueLayout.JAVA_LONG, map + 8L * w, random.nextLong()); // old bits
            }
            Bitmap.init(map, nbits);
            for (int bit = 0; bit < words * 64; bit++) {
                if (Bitmap.isSet(map, bit) != (bit >= nbits)) {
                    fail(nbits + " bits: after init bit " + bit + " is " + (Bitmap.isSet(map, bit) ? "set" : "clear"));
                }
            }
        }
    }

    @Test
    void clearingOneBitOfAFullBitmapMakesSetFirstClearReturnExactlyThatBit() {
        for (int nbits = 1; nbits <= MAX_BITS; nbits++) {
            int words = Bitmap.words(nbits);
            long map = words(words);
            Bitmap.init(map, nbits);
            while (Bitmap.setFirstClear(map, words) >= 0) {
                // fill
            }
            for (int bit = 0; bit < nbits; bit++) {
                Bitmap.clear(map, bit);
                int got = Bitmap.setFirstClear(map, words);
                if (got != bit) {
                    fail(nbits + " bits: cleared bit " + bit + " of a full bitmap, setFirstClear returned " + got);
                }
                if (!Bitmap.isSet(map, bit)) {
                    fail(nbits + " bits: setFirstClear returned " + bit + " but left it clear");
                }
            }
            assertEquals(-1, Bitmap.setFirstClear(map, words), nbits + " bits: full again");
        }
    }

    @Test
    void paddingBitsAreNeverReturnedAfterClearingEveryBit() {
        for (int nbits = 1; nbits <= MAX_BITS; nbits++) {
            int words = Bitmap.words(nbits);
            long map = words(words);
            Bitmap.init(map, nbits);
            for (int bit = 0; bit < nbits; bit++) {
                Bitmap.set(map, bit);
            }
            for (int bit = nbits - 1; bit >= 0; bit--) {
                Bitmap.clear(map, bit);
            }
            int handed = 0;
            for (int got = Bitmap.setFirstClear(map, words); got >= 0; got = Bitmap.setFirstClear(map, words)) {
                if (got >= nbits) {
                    fail(nbits + " bits: setFirstClear returned padding bit " + got);
                }
                handed++;
            }
            assertEquals(nbits, handed, nbits + " bits handed out");
        }
    }

    @Test
    void agreesWithBitSetUnderRandomOperations() {
        Random random = new Random(0xB17L);
        for (int nbits = 1; nbits <= MAX_BITS; nbits++) {
            int words = Bitmap.words(nbits);
            long map = words(words);
            Bitmap.init(map, nbits);
            BitSet model = new BitSet(nbits);
            for (int step = 0; step < 200; step++) {
                int op = random.nextInt(3);
                if (op == 0) {
                    int bit = random.nextInt(nbits);
                    Bitmap.set(map, bit);
                    model.set(bit);
                } else if (op == 1) {
                    int bit = random.nextInt(nbits);
                    Bitmap.clear(map, bit);
                    model.clear(bit);
                } else {
                    int clear = model.nextClearBit(0);
                    int expected = clear < nbits ? clear : -1;
                    if (expected >= 0) {
                        model.set(expected);
                    }
                    int got = Bitmap.setFirstClear(map, words);
                    if (got != expected) {
                        fail(nbits + " bits, step " + step + ": setFirstClear returned " + got + ", model says " + expected);
                    }
                }
                int bit = random.nextInt(nbits);
                if (Bitmap.isSet(map, bit) != model.get(bit)) {
                    fail(nbits + " bits, step " + step + ": isSet(" + bit + ") = " + Bitmap.isSet(map, bit));
                }
            }
            for (int bit = 0; bit < nbits; bit++) {
                if (Bitmap.isSet(map, bit) != model.get(bit)) {
                    fail(nbits + " bits, at the end: isSet(" + bit + ") = " + Bitmap.isSet(map, bit));
                }
            }
        }
    }

    @Test
    void allClearAgreesWithABitSetOverEveryRangeOfRandomBitmaps() {
        Random random = new Random(0xA11C1EA2L);
        int nbits = 200; // four words, so ranges start, end and span inside and across words
        for (int round = 0; round < 50; round++) {
            long map = words(Bitmap.words(nbits));
            Bitmap.init(map, nbits);
            BitSet set = new BitSet(nbits);
            for (int k = random.nextInt(4); k > 0; k--) { // few set bits, so that long clear ranges occur
                int bit = random.nextInt(nbits);
                Bitmap.set(map, bit);
                set.set(bit);
            }
            for (int from = 0; from < nbits; from++) {
                for (int to = from; to < nbits; to++) {
                    boolean expected = set.nextSetBit(from) < 0 || set.nextSetBit(from) > to;
                    if (Bitmap.allClear(map, from, to) != expected) {
                        fail("round " + round + ": allClear(" + from + ", " + to + ") with bits " + set);
                    }
                }
            }
        }
    }
}
