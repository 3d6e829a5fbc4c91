package org.jmalloc.guardrails.stats;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Holm's step-down correction for testing several metrics in one gate run. The adjusted p-value of the {@code k}-th
 * smallest of {@code m} p-values is {@code max over j <= k of min(1, (m - j + 1) p_(j))}; rejecting every hypothesis
 * whose adjusted p-value is below {@code alpha} keeps the chance of any false rejection among the {@code m} at most
 * {@code alpha}, whatever their dependence (Holm 1979).
 */
public final class Holm {

    private Holm() {
    }

    /** The adjusted p-values, in the order of {@code p}. */
    public static double[] adjust(double[] p) {
        int m = p.length;
        Integer[] order = new Integer[m];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        double[] adjusted = new double[m];
        double running = 0;
        for (int k = 0; k < m; k++) {
            int i = order[k];
            running = Math.max(running, Math.min(1, (m - k) * p[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }
}
