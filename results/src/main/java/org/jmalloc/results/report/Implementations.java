package org.jmalloc.results.report;

import java.util.Comparator;
import java.util.List;

/**
 * Which implementations are jmalloc's own ({@code jmalloc} and its variants {@code jmalloc-*}, drawn
 * as lines) and which are anchors (every other, drawn as reference lines), and the order anchors
 * are shown in: the native allocators, then Netty, then any other by name.
 */
final class Implementations {

    private static final List<String> ANCHOR_ORDER = List.of("glibc", "jemalloc", "mimalloc", "tcmalloc", "netty");

    static final Comparator<String> ANCHORS = Comparator.comparingInt(Implementations::rank)
            .thenComparing(Comparator.naturalOrder());

    private Implementations() {
    }

    /** {@code jmalloc} or {@code jmalloc-<variant>}. */
    static boolean isOurs(String implementation) {
        return implementation.equals("jmalloc") || implementation.startsWith("jmalloc-");
    }

    private static int rank(String anchor) {
        for (int i = 0; i < ANCHOR_ORDER.size(); i++) {
            if (anchor.equals(ANCHOR_ORDER.get(i)) || anchor.startsWith(ANCHOR_ORDER.get(i) + "-")) {
                return i;
            }
        }
        return ANCHOR_ORDER.size();
    }
}
