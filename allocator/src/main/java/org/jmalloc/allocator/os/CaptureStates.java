package org.jmalloc.allocator.os;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The buffers that FFM downcalls capture {@code errno} into, lent out for the length of one call.
 *
 * <p>A buffer per thread (a {@code ThreadLocal} of a segment from an automatic arena) would cost
 * every new thread's first system call a Java heap allocation (its {@code ThreadLocal} map, the
 * arena and its cleaner) and a C heap one (the segment, from that thread's C library arena), which
 * a program that starts thread after thread keeps paying: memory the allocator cannot give back.
 * So the buffers are slots of one segment allocated once for the process ({@value #SLOTS} slots,
 * each on a cache line of its own), claimed with a CAS on a busy flag like the thread caches'
 * shared ones. More calls at once than slots (not seen with one call per arena lock holder) get a
 * buffer of their own from a confined arena, closed after the call.
 */
final class CaptureStates {

    static final int SLOTS = 64;
    private static final long STRIDE = 64;

    /** Slot {@code i}'s buffer, sliced once so that lending one out allocates nothing. */
    private final MemorySegment[] buffers = new MemorySegment[SLOTS];
    /** Slot {@code i} is lent out while {@code busy[i]} is 1. */
    private final AtomicIntegerArray busy = new AtomicIntegerArray(SLOTS);

    CaptureStates(StructLayout layout) {
        if (layout.byteSize() > STRIDE || layout.byteAlignment() > STRIDE) {
            throw new IllegalStateException("a capture state of " + layout.byteSize() + " bytes does not fit a slot");
        }
        MemorySegment all = Arena.global().allocate(STRIDE * SLOTS, STRIDE);
        for (int i = 0; i < SLOTS; i++) {
            buffers[i] = all.asSlice(i * STRIDE, layout.byteSize());
        }
    }

    /**
     * A free slot's index, claimed for the caller until {@link #release}; {@code -1} when every slot is
     * lent out (the caller then uses a buffer of its own).
     */
    int claim() {
        int start = (int) (Thread.currentThread().threadId() & (SLOTS - 1));
        for (int i = 0; i < SLOTS; i++) {
            int slot = (start + i) & (SLOTS - 1);
            if (busy.getPlain(slot) == 0 && busy.compareAndSet(slot, 0, 1)) {
                return slot;
            }
        }
        return -1;
    }

    /** The buffer of a claimed slot. */
    MemorySegment buffer(int slot) {
        return buffers[slot];
    }

    /** Gives a claimed slot back: a release store, so the next claimer's CAS sees it free after this call's reads. */
    void release(int slot) {
        busy.setRelease(slot, 0);
    }
}
