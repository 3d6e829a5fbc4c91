package org.jmalloc.results.changepoint;

/**
 * E-divisive's divergence statistic over one window of a series (Matteson and James, "A
 * Nonparametric Approach for Multiple Change Point Analysis of Multivariate Data", 2014, with
 * exponent alpha = 1), and the split of a segment that maximises it.
 *
 * <p>For a segment {@code Z[s, e)}, a split {@code tau} and an end {@code kappa} with
 * {@code s < tau < kappa <= e}, let {@code X = Z[s, tau)} (n points) and {@code Y = Z[tau, kappa)}
 * (m points). Then
 * <pre>
 *   Q(tau, kappa) = 2/(m+n) * sum_{i in X, j in Y} |x_i - y_j|
 *                 - 2m/((m+n)(n-1)) * sum_{i<k in X} |x_i - x_k|
 *                 - 2n/((m+n)(m-1)) * sum_{j<k in Y} |y_j - y_k|
 * </pre>
 * (a within-term is 0 for a single point). That is {@code mn/(m+n)} times the energy distance of
 * X and Y: between-sample distances against within-sample ones. The candidate is the
 * {@code tau} of the largest {@code Q} over all {@code (tau, kappa)}; ties go to the smallest
 * {@code tau}, then the smallest {@code kappa}.
 *
 * <p>Cost: the window's pairwise distances are summed once into a 2-D prefix table,
 * {@code P[i][j] = sum_{a<i, b<j} |w_a - w_b|}, so every block sum, and so every {@code Q}, is
 * four table reads; a segment of L points costs O(L^2). Not thread-safe (construct one per window).
 */
final class EnergyDivergence {

    private final int offset;
    private final int length;
    /** (length+1) x (length+1) prefix sums, row-major. */
    private final double[] prefix;

    /** Prepares the window {@code series[from, to)}. */
    EnergyDivergence(double[] series, int from, int to) {
        this.offset = from;
        this.length = to - from;
        int side = length + 1;
        this.prefix = new double[side * side];
        for (int i = 0; i < length; i++) {
            double rowSum = 0;
            for (int j = 0; j < length; j++) {
                rowSum += Math.abs(series[from + i] - series[from + j]);
                prefix[(i + 1) * side + j + 1] = prefix[i * side + j + 1] + rowSum;
            }
        }
    }

    /** Sum of |w_a - w_b| over a in [a0, a1), b in [b0, b1) (window-relative indices). */
    private double block(int a0, int a1, int b0, int b1) {
        int side = length + 1;
        return prefix[a1 * side + b1] - prefix[a0 * side + b1] - prefix[a1 * side + b0] + prefix[a0 * side + b0];
    }

    /** Sum over unordered pairs within [a0, a1). */
    private double within(int a0, int a1) {
        return block(a0, a1, a0, a1) / 2;
    }

    /**
     * The best split of {@code series[from, to)} (series indices, inside this window).
     *
     * @return the candidate, or {@code null} when the segment has fewer than two points
     */
    Candidate bestSplit(int from, int to) {
        int s = from - offset;
        int e = to - offset;
        if (s < 0 || e > length) {
            throw new IndexOutOfBoundsException("segment [" + from + ", " + to + ") is outside the window ["
                    + offset + ", " + (offset + length) + ")");
        }
        if (e - s < 2) {
            return null;
        }
        int bestTau = -1;
        double best = Double.NEGATIVE_INFINITY;
        for (int tau = s + 1; tau < e; tau++) {
            int n = tau - s;
            double withinX = within(s, tau);
            for (int kappa = tau + 1; kappa <= e; kappa++) {
                int m = kappa - tau;
                double q = 2.0 / (m + n) * block(s, tau, tau, kappa);
                if (n > 1) {
                    q -= 2.0 * m / ((double) (m + n) * (n - 1)) * withinX;
                }
                if (m > 1) {
                    q -= 2.0 * n / ((double) (m + n) * (m - 1)) * within(tau, kappa);
                }
                if (q > best) {
                    best = q;
                    bestTau = tau;
                }
            }
        }
        return new Candidate(bestTau + offset, best);
    }
}
