package org.jmalloc.guardrails.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The search of {@code lab bisect}: the first of a list of commits, oldest first, that the gate rejects against the
 * known-good revision, assuming (as {@code git bisect} does) that once a commit regresses every later one does.
 *
 * <p>The last commit (the known-bad revision) is gated first, so a range whose end does not regress is reported as
 * such instead of bisected to a meaningless answer. Each step then gates the middle of the open range. A step whose
 * gate could not decide (inconclusive at its fork budget, or failed) ends the search: taking it as a pass or as a
 * regression would send the rest of the search the wrong way without a word; the result names the range it had
 * narrowed to, so the user can rerun those steps with more rounds.
 */
public final class Bisection {

    /** What one gate step found for a commit. */
    public enum Step {
        REGRESSES, PASSES, UNDECIDED
    }

    /** Gates one commit against the good revision. */
    @FunctionalInterface
    public interface Judge {
        Step gate(String commit, int step) throws IOException, InterruptedException;
    }

    /**
     * The search's end.
     *
     * @param firstBad the first regressing commit, or null when none was found
     * @param lastGood the last commit known to pass (null: the good revision itself)
     * @param undecided the commit whose step could not decide, or null
     * @param steps gate runs made
     */
    public record Result(String firstBad, String lastGood, String undecided, int steps) {

        /** The end of the range is not worse than the good revision: nothing to bisect. */
        public boolean nothingRegresses() {
            return firstBad == null && undecided == null;
        }
    }

    private Bisection() {
    }

    /** The steps a search over {@code n} commits takes at most: the bad end, then a binary search. */
    public static int maxSteps(int n) {
        return 1 + (n <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(n - 1));
    }

    /** Searches {@code commits} (oldest first, not empty), printing each step's verdict to {@code out}. */
    public static Result search(List<String> commits, Judge judge, PrintWriter out)
            throws IOException, InterruptedException {
        Objects.requireNonNull(judge);
        if (commits.isEmpty()) {
            throw new IllegalArgumentException("no commits to bisect");
        }
        int hi = commits.size() - 1;
        int steps = 0;
        Step end = judge.gate(commits.get(hi), steps++);
        print(out, 0, commits.get(hi), end);
        if (end == Step.PASSES) {
            return new Result(null, commits.get(hi), null, steps);
        }
        if (end == Step.UNDECIDED) {
            return new Result(null, null, commits.get(hi), steps);
        }
        int lo = -1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            Step s = judge.gate(commits.get(mid), steps);
            print(out, steps, commits.get(mid), s);
            steps++;
            switch (s) {
                case REGRESSES -> hi = mid;
                case PASSES -> lo = mid;
                case UNDECIDED -> {
                    return new Result(commits.get(hi), lo < 0 ? null : commits.get(lo), commits.get(mid), steps);
                }
            }
        }
        return new Result(commits.get(hi), lo < 0 ? null : commits.get(lo), null, steps);
    }

    private static void print(PrintWriter out, int step, String commit, Step s) {
        out.printf(Locale.ROOT, "bisect step %d: %s %s%n", step, abbrev(commit), switch (s) {
            case REGRESSES -> "REGRESSES";
            case PASSES -> "passes";
            case UNDECIDED -> "could not be decided";
        });
        out.flush();
    }

    /** The first 7 characters of a commit id. */
    public static String abbrev(String commit) {
        return commit.length() > 7 ? commit.substring(0, 7) : commit;
    }
}
