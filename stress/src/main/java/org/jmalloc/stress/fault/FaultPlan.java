package org.jmalloc.stress.fault;

/**
 * Which OS calls a {@link FaultInjectingOsMemory} makes fail. Decisions are a pure function of the
 * seed and the call's number, so a run with the same seed fails the same calls (given the same
 * order of calls).
 *
 * @param mapFailureRate fraction of {@code map} calls that fail, in {@code [0, 1]}
 * @param failMapCall the number (1-based) of the one {@code map} call that fails, or 0 for none
 * @param purgeFailureRate fraction of {@code purgeLazy}/{@code purgeForced} calls that fail
 * @param seed seeds the rate decisions
 */
public record FaultPlan(double mapFailureRate, long failMapCall, double purgeFailureRate, long seed) {

    public FaultPlan {
        checkRate("map failure rate", mapFailureRate);
        checkRate("purge failure rate", purgeFailureRate);
        if (failMapCall < 0) {
            throw new IllegalArgumentException("invalid map call number " + failMapCall
                    + ": must be 1 or more (0 fails none)");
        }
    }

    /** No faults. */
    public static FaultPlan none() {
        return new FaultPlan(0, 0, 0, 0);
    }

    /** Whether this plan injects anything. */
    public boolean injects() {
        return mapFailureRate > 0 || failMapCall > 0 || purgeFailureRate > 0;
    }

    private static void checkRate(String what, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("invalid " + what + " " + rate
                    + ": must be a fraction between 0 and 1 (0.01 fails 1 % of the calls)");
        }
    }
}
