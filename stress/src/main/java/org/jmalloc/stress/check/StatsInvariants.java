package org.jmalloc.stress.check;

import java.util.ArrayList;
import java.util.List;
import org.jmalloc.allocator.Stats;

/**
 * The equations every {@link Stats} snapshot must satisfy, as jemalloc defines its counters:
 * {@code 0 <= allocated <= active <= resident}, {@code active <= mapped}, and, against the OS
 * ledger of a {@link org.jmalloc.stress.fault.FaultInjectingOsMemory}: {@code mapped + retained
 * <= bytes mapped from the OS}. Stateless and thread-safe.
 */
public final class StatsInvariants {

    private StatsInvariants() {}

    /**
     * Checks one snapshot.
     *
     * @param s the snapshot
     * @param osMappedBound the most bytes that were mapped from the OS at any moment while the
     *     snapshot was taken, or -1 when unknown
     * @return one line per broken equation, empty when all hold
     */
    public static List<String> check(Stats s, long osMappedBound) {
        List<String> broken = new ArrayList<>(0);
        if (s.allocated() < 0) {
            broken.add("allocated " + s.allocated() + " < 0");
        }
        if (s.allocated() > s.active()) {
            broken.add("allocated " + s.allocated() + " > active " + s.active());
        }
        if (s.active() > s.resident()) {
            broken.add("active " + s.active() + " > resident " + s.resident());
        }
        if (s.active() > s.mapped()) {
            broken.add("active " + s.active() + " > mapped " + s.mapped());
        }
        if (osMappedBound >= 0 && s.mapped() + s.retained() > osMappedBound) {
            broken.add("mapped " + s.mapped() + " + retained " + s.retained() + " > " + osMappedBound
                    + " bytes mapped from the OS");
        }
        return broken;
    }
}
