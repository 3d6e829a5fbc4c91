package org.jmalloc.stress.archfixture;

import org.jmalloc.allocator.extent.PageIndex;

/** A deliberately bad import for the architecture tests: stress using an internal allocator package. */
public final class UsesAllocatorInternals {

    private UsesAllocatorInternals() {
    }

    /** Names an internal class. */
    public static String internal() {
        return PageIndex.class.getName();
    }
}
