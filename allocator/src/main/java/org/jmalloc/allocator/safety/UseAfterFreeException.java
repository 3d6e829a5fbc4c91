package org.jmalloc.allocator.safety;

import java.util.List;
import org.jmalloc.allocator.prof.Frame;

/**
 * A freed block was written to while it sat in the use-after-free quarantine: its free junk
 * ({@code 0x5A}) changed between {@code free} and the moment the block was about to be reused.
 * Thrown by the call that took the block out of quarantine, which is usually not the one that
 * wrote to it; the message names the block, the first changed byte and, when the block's
 * allocation was sampled by the heap profiler, the stack that allocated it.
 */
public final class UseAfterFreeException extends IllegalStateException {

    private final long address;
    private final long offset;
    private final transient List<Frame> allocationStack;

    public UseAfterFreeException(long address, long size, long offset, byte found, List<Frame> allocationStack) {
        super(message(address, size, offset, found, allocationStack));
        this.address = address;
        this.offset = offset;
        this.allocationStack = allocationStack == null ? null : List.copyOf(allocationStack);
    }

    /** The freed block's address. */
    public long address() {
        return address;
    }

    /** Offset of the first byte written after free. */
    public long offset() {
        return offset;
    }

    /** Where the block was allocated (innermost first), when the heap profiler sampled it; otherwise null. */
    public List<Frame> allocationStack() {
        return allocationStack;
    }

    private static String message(long address, long size, long offset, byte found, List<Frame> stack) {
        StringBuilder b = new StringBuilder(String.format(
                "use after free of 0x%x: byte %d of the freed %d-byte block was written after free "
                        + "(0x%02X found, the free junk is " + Junk.FREE_HEX + ")",
                address, offset, size, found & 0xFF));
        if (stack == null) {
            b.append("; allocation stack unknown (the heap profiler did not sample this block: "
                    + "Allocator.builder().profiling(true).lgProfSample(0) samples every allocation)");
        } else {
            b.append("; allocated at:");
            for (Frame f : stack) {
                b.append("\n    at ").append(f);
            }
        }
        return b.toString();
    }
}
