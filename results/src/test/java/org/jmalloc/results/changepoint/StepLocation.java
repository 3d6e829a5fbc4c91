package org.jmalloc.results.changepoint;

/**
 * Reference places of a single step in a series, for the acceptance figures: what the detector's
 * placement is measured against. Each returns the first index of the new level.
 */
final class StepLocation {

    private StepLocation() {
    }

    /**
     * Least squares knowing there is exactly one step (the maximum-likelihood place of one mean shift
     * in Gaussian noise with unknown means): the split that maximises the between-segment sum of
     * squares, two points a side at least.
     */
    static int leastSquares(double[] x) {
        int n = x.length;
        double total = 0;
        for (double v : x) {
            total += v;
        }
        double left = 0;
        int best = -1;
        double bestScore = -1;
        for (int t = 1; t <= n - 2; t++) {
            left += x[t - 1];
            if (t < 2) {
                continue;
            }
            double d = left / t - (total - left) / (n - t);
            double score = (double) t * (n - t) / n * d * d;
            if (score > bestScore) {
                bestScore = score;
                best = t;
            }
        }
        return best;
    }

    /**
     * The oracle: the maximum-likelihood place of the step when the means and standard deviations
     * before and after are known (Gaussian noise), over every split with a point on each side.
     * The log-likelihood of split t is {@code sum_{i<t} l0(x_i) + sum_{i>=t} l1(x_i)}, i.e. a
     * constant minus {@code sum_{i<t} (l1(x_i) - l0(x_i))}, so one pass finds its maximum.
     */
    static int oracle(double[] x, double meanBefore, double sdBefore, double meanAfter, double sdAfter) {
        double prefix = 0;
        double best = Double.POSITIVE_INFINITY;
        int at = -1;
        for (int t = 1; t < x.length; t++) {
            prefix += logDensity(x[t - 1], meanAfter, sdAfter) - logDensity(x[t - 1], meanBefore, sdBefore);
            if (prefix < best) {
                best = prefix;
                at = t;
            }
        }
        return at;
    }

    private static double logDensity(double x, double mean, double sd) {
        double z = (x - mean) / sd;
        return -0.5 * z * z - Math.log(sd);
    }

    /**
     * The place that maximises the posterior probability that the step lies within {@code halfWidth}
     * points of it: the Bayes estimate for "found when within halfWidth points", means and noise
     * unknown. Posterior of split t (flat priors on t in [2, n-2] and on both means, 1/sigma on the
     * noise): {@code (n1 n2)^(-1/2) RSS(t)^(-(n-2)/2)}, RSS the within-segment sum of squares.
     */
    static int posteriorWindow(double[] x, int halfWidth) {
        int n = x.length;
        double mean = 0;
        for (double v : x) {
            mean += v / n;
        }
        double[] sum = new double[n + 1];
        double[] squares = new double[n + 1];
        for (int i = 0; i < n; i++) {
            double c = x[i] - mean;
            sum[i + 1] = sum[i] + c;
            squares[i + 1] = squares[i] + c * c;
        }
        double[] logWeight = new double[n + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 2; t <= n - 2; t++) {
            double rss = rss(sum, squares, 0, t) + rss(sum, squares, t, n);
            logWeight[t] = -0.5 * Math.log((double) t * (n - t)) - (n - 2) / 2.0 * Math.log(rss);
            max = Math.max(max, logWeight[t]);
        }
        double[] weight = new double[n + 1];
        for (int t = 2; t <= n - 2; t++) {
            weight[t] = Math.exp(logWeight[t] - max);
        }
        int best = -1;
        double bestMass = -1;
        for (int t = 2; t <= n - 2; t++) {
            double mass = 0;
            for (int k = Math.max(2, t - halfWidth); k <= Math.min(n - 2, t + halfWidth); k++) {
                mass += weight[k];
            }
            if (mass > bestMass) {
                bestMass = mass;
                best = t;
            }
        }
        return best;
    }

    private static double rss(double[] sum, double[] squares, int from, int to) {
        double s = sum[to] - sum[from];
        return squares[to] - squares[from] - s * s / (to - from);
    }
}
