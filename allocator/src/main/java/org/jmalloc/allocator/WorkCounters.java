package org.jmalloc.allocator;

import java.util.concurrent.atomic.LongAdder;

/**
 * The slow paths' entry counters, kept off the object the fast paths read: every thread that
 * leaves a fast path increments one, so a plain field beside the fast paths' fields would bounce
 * their cache line between cores on every slow call (and lose updates). A {@link LongAdder}
 * stripes the count over padded cells once threads contend; {@link LongAdder#sum()} is exact when
 * no call is in flight.
 */
final class WorkCounters {

    /** Calls of {@code SlowPaths.malloc}: mallocs the fast path did not serve, and realloc's moves. */
    final LongAdder mallocSlow = new LongAdder();
    /** Calls of {@code SlowPaths.free}: frees the fast path did not take, and realloc's moves. */
    final LongAdder freeSlow = new LongAdder();
}
