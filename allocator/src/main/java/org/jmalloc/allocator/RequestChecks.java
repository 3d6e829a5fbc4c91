package org.jmalloc.allocator;

import org.jmalloc.allocator.sizeclass.SizeClasses;

/** The argument checks of the public API: what is wrong with a size, a count or an alignment, and what is allowed. */
final class RequestChecks {

    /** The largest alignment {@code alignedAlloc} accepts: 1 GiB. */
    static final long MAX_ALIGNMENT = 1L << 30;

    private RequestChecks() {
    }

    /** @throws IllegalArgumentException unless {@code 1 ≤ size ≤ MAX_SIZE} */
    static void checkSize(long size) {
        if (size <= 0 || size > SizeClasses.MAX_SIZE) {
            throw new IllegalArgumentException("invalid size " + size + ": must be between 1 and "
                    + SizeClasses.MAX_SIZE + intShiftHint(size));
        }
    }

    /** @throws IllegalArgumentException unless {@code alignment} is a power of two up to 1 GiB */
    static void checkAlignment(long alignment) {
        if (alignment <= 0 || Long.bitCount(alignment) != 1 || alignment > MAX_ALIGNMENT) {
            throw new IllegalArgumentException("invalid alignment " + alignment
                    + ": must be a power of two up to " + MAX_ALIGNMENT + intShiftHint(alignment));
        }
    }

    /**
     * The hint for the one value a caller gets by writing {@code 1 << 31} (an {@code int} shift,
     * which overflows to {@code Integer.MIN_VALUE} before it is widened to {@code long}), so the
     * message says both what arrived and what was probably meant; empty for every other value.
     */
    private static String intShiftHint(long value) {
        return value == Integer.MIN_VALUE
                ? " (" + value + " is 1 << 31 evaluated in int arithmetic, i.e. 2147483648 overflowed; write 1L << 31)"
                : "";
    }

    /**
     * @return {@code count × size}
     * @throws IllegalArgumentException when a factor is not positive or the product exceeds {@code MAX_SIZE}
     */
    static long checkCalloc(long count, long size) {
        checkSize(size);
        if (count <= 0) {
            throw new IllegalArgumentException("invalid count " + count + ": must be positive");
        }
        if (Math.multiplyHigh(count, size) != 0 || count * size < 0 || count * size > SizeClasses.MAX_SIZE) {
            throw new IllegalArgumentException("calloc(" + count + ", " + size
                    + ") overflows: count * size exceeds " + SizeClasses.MAX_SIZE);
        }
        return count * size;
    }
}
