package org.jmalloc.allocator;

import org.jmalloc.allocator.extent.AddressMap;
import org.jmalloc.allocator.extent.BlockErrors;
import org.jmalloc.allocator.extent.Extent;
import org.jmalloc.allocator.extent.MappedMemory;
import org.jmalloc.allocator.sizeclass.SizeClasses;
import org.jmalloc.allocator.slab.Bitmap;

/**
 * Finds the block behind an address handed to {@code free}, {@code realloc} or {@code usableSize},
 * or says what is wrong with the address: not one this allocator returned (a foreign or wild
 * address), the interior of a block, a block that is already free, or a sized free whose size
 * belongs to another class. Off the fast paths: the fast paths only send such calls here.
 */
final class BlockDiagnostics {

    private final AddressMap map;
    private final MappedMemory memory;
    private final SizeClasses classes;
    private final long pageSize;
    private final boolean marks;
    private final long secret;

    BlockDiagnostics(AddressMap map, MappedMemory memory, SizeClasses classes, boolean marks, long secret) {
        this.map = map;
        this.memory = memory;
        this.classes = classes;
        this.pageSize = classes.pageSize();
        this.marks = marks;
        this.secret = secret;
    }

    /**
     * The active extent (slab or large block) of the block starting at {@code address}.
     *
     * @param op the caller's operation, for the message ({@code "free"}, {@code "realloc"}, …)
     * @throws IllegalArgumentException for an address this allocator did not return, or an interior one
     * @throws IllegalStateException when the block's extent is free
     */
    Extent blockAt(long address, String op) {
        Extent e = map.get(address);
        if (e == null || e.state == Extent.UNUSED || address < e.base || address >= e.end()) {
            Extent large = largeAround(address);
            if (large != null) {
                throw interior(op, address, large.base);
            }
            throw new IllegalArgumentException(String.format(
                    "%s of 0x%x: not an address this allocator returned", op, address));
        }
        if (e.state != Extent.ACTIVE || e.sample == Extent.SPARE_SAMPLE_RUN) {
            throw op.equals("free") ? BlockErrors.doubleFree(address) : BlockErrors.alreadyFree(op, address);
        }
        long offset = address - e.base;
        long start = e.slab ? e.base + regionIndex(e, offset) * e.regionSize : e.base;
        if (start != address) {
            throw interior(op, address, start);
        }
        return e;
    }

    private static IllegalArgumentException interior(String op, long address, long blockStart) {
        return new IllegalArgumentException(String.format(
                "%s of 0x%x: interior address of the block at 0x%x", op, address, blockStart));
    }

    /**
     * Checks a sized free's size against the block's class (nothing for an unsized free, {@code size == -1}).
     *
     * @throws IllegalArgumentException when {@code size} belongs to another class
     */
    void checkSizedFree(long address, long size, int blockClass) {
        if (size != -1) {
            RequestChecks.checkSize(size);
            int hinted = classes.indexOf(size);
            if (hinted != blockClass) {
                throw new IllegalArgumentException(String.format(
                        "sized free of 0x%x with size %d: the block is in size class %d bytes, size %d is in class %d bytes",
                        address, size, classes.sizeOf(blockClass), size, classes.sizeOf(hinted)));
            }
        }
    }

    /** The index of the region of slab {@code e} that holds byte {@code offset} of the slab (no division). */
    static long regionIndex(Extent e, long offset) {
        return SizeClasses.quotient(offset, e.divMagic, e.regionSize);
    }

    /** The usable size of the block {@code e} describes (its size class). */
    static long usableSize(Extent e) {
        return e.slab ? e.regionSize : e.size;
    }

    /**
     * {@link #blockAt}, and an exception when the block itself is free, as far as that can be told
     * from a live one: its region's bit in the slab bitmap is clear, or (with free marks) its first
     * word is the free mark. A block freed into a thread cache with {@code freeMarks(false)} still
     * looks live, as in jemalloc. For the calls that read a block ({@code realloc},
     * {@code usableSize}); {@code free} leaves the bitmap test to the bin, under its lock.
     *
     * @throws IllegalStateException {@code "<op> of 0x…: the block is already free"}
     */
    Extent liveBlockAt(long address, String op) {
        Extent e = blockAt(address, op);
        // The bitmap word is read without the bin lock: other threads may flip other regions'
        // bits in it, but this region's bit changes only when this block is freed or handed out
        // again, which a caller asking about a block it holds does not race with. A slab released
        // since the lookup (so the block's region is free) has no bitmap any more: 0.
        long bitmap = e.bitmap;
        if ((e.slab && (bitmap == 0 || !Bitmap.isSet(bitmap, (int) regionIndex(e, address - e.base))))
                || (marks && FreeMarks.isMarked(address, secret))) {
            throw BlockErrors.alreadyFree(op, address);
        }
        return e;
    }

    /**
     * Error path only: the active large block whose interior holds {@code address}, or null. Only
     * a large block's first and last pages are in the address map, so this walks down page by page
     * to the start of the mapping until it meets the block (at most the mapping's pages).
     */
    private Extent largeAround(long address) {
        long floor = memory.mappingBase(address);
        for (long a = address & -pageSize; floor >= 0 && a >= floor; a -= pageSize) {
            Extent e = map.get(a);
            if (e != null && e.state == Extent.ACTIVE && e.sample != Extent.SPARE_SAMPLE_RUN
                    && e.base <= address && address < e.end()) {
                return e.slab ? null : e;
            }
        }
        return null;
    }
}
