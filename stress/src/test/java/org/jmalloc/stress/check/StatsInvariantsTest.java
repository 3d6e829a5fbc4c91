package org.jmalloc.stress.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.jmalloc.allocator.Stats;
import org.jmalloc.allocator.WorkCounts;
import org.junit.jupiter.api.Test;

class StatsInvariantsTest {

    private static Stats stats(long allocated, long active, long resident, long mapped, long retained) {
        return new Stats(allocated, active, 0, resident, mapped, retained, List.of(), List.of(), 0,
                new WorkCounts(0, 0, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void check_acceptsConsistentCounters() {
        assertEquals(List.of(), StatsInvariants.check(stats(10, 20, 30, 40, 5), 45));
        assertEquals(List.of(), StatsInvariants.check(stats(0, 0, 0, 0, 0), -1));
    }

    @Test
    void check_namesEachBrokenEquation() {
        assertEquals(List.of("allocated 21 > active 20"), StatsInvariants.check(stats(21, 20, 30, 40, 0), -1));
        assertEquals(List.of("active 31 > resident 30"), StatsInvariants.check(stats(10, 31, 30, 40, 0), -1));
        assertEquals(List.of("active 41 > mapped 40"), StatsInvariants.check(stats(10, 41, 50, 40, 0), -1));
        assertEquals(List.of("allocated -1 < 0"), StatsInvariants.check(stats(-1, 0, 0, 0, 0), -1));
        assertEquals(List.of("mapped 40 + retained 5 > 44 bytes mapped from the OS"),
                StatsInvariants.check(stats(10, 20, 30, 40, 5), 44));
    }
}
