package org.jmalloc.allocator.prof;

import java.util.List;

/**
 * The live sampled allocations of one stack.
 *
 * @param frames the stack, innermost (the allocating application frame) first
 * @param samples live samples taken at this stack
 * @param sampledBytes their usable bytes
 * @param estimatedObjects the live allocations they stand for (unbiased, {@link SampleMath#weight})
 * @param estimatedBytes the live bytes they stand for (unbiased)
 */
public record StackProfile(List<Frame> frames, long samples, long sampledBytes, double estimatedObjects,
                           double estimatedBytes) {

    public StackProfile {
        frames = List.copyOf(frames);
    }

    /** Root first, {@code ;}-separated {@link Frame#symbol()}s: the stack's key in collapsed-stack files. */
    public String collapsedKey() {
        StringBuilder b = new StringBuilder();
        for (int i = frames.size() - 1; i >= 0; i--) {
            b.append(frames.get(i).symbol().replace(';', ':').replace(' ', '_'));
            if (i > 0) {
                b.append(';');
            }
        }
        return b.isEmpty() ? "[unknown]" : b.toString();
    }
}
