package org.jmalloc.lab.core.archfixture;

import org.jmalloc.stress.StressResult;

/** A deliberately bad import for the architecture tests: lab-core using stress, a module above it. */
public final class UsesStress {

    private UsesStress() {
    }

    /** Depends on a stress class. */
    public static boolean passed(StressResult result) {
        return result.passed();
    }
}
