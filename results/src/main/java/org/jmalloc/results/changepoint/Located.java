package org.jmalloc.results.changepoint;

/** A proposed or accepted change point: where the new regime starts and how it was found. */
sealed interface Located permits Candidate, ChangePoint {

    /** First index of the new regime. */
    int index();

    /** E-divisive's divergence statistic of the split. */
    double qHat();
}
