package org.jmalloc.allocator;

import java.util.EnumSet;
import java.util.Set;

/**
 * What {@link StatsReport} prints, parsed from jemalloc's {@code malloc_stats_print} option
 * letters: {@code J} for JSON, and one letter per section to leave out.
 *
 * <table>
 *   <caption>Option letters</caption>
 *   <tr><th>letter</th><th>effect</th></tr>
 *   <tr><td>{@code J}</td><td>JSON instead of text</td></tr>
 *   <tr><td>{@code g}</td><td>omit the general section (configuration)</td></tr>
 *   <tr><td>{@code m}</td><td>omit the merged (all-arena) size-class table</td></tr>
 *   <tr><td>{@code a}</td><td>omit the per-arena sections</td></tr>
 *   <tr><td>{@code b}</td><td>omit the per-size-class (bin) rows</td></tr>
 *   <tr><td>{@code l}</td><td>omit the large-block counters</td></tr>
 *   <tr><td>{@code e}</td><td>omit page (extent), decay and purge counters</td></tr>
 *   <tr><td>{@code t}</td><td>omit the thread caches' accounting</td></tr>
 * </table>
 *
 * Unknown letters are refused (jemalloc ignores them; a typo here should not go unnoticed).
 *
 * @param json JSON rather than text
 * @param omit the sections left out
 */
public record StatsOptions(boolean json, Set<Section> omit) {

    /** A section of the report, with its jemalloc option letter. */
    public enum Section {
        GENERAL('g'),
        MERGED('m'),
        ARENAS('a'),
        BINS('b'),
        LARGE('l'),
        EXTENTS('e'),
        THREADS('t');

        private final char letter;

        Section(char letter) {
            this.letter = letter;
        }

        public char letter() {
            return letter;
        }
    }

    public StatsOptions {
        omit = omit.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(omit));
    }

    /** Every section, as text. */
    public static StatsOptions text() {
        return new StatsOptions(false, Set.of());
    }

    /**
     * Parses option letters, e.g. {@code "Jba"}: JSON without bins and per-arena sections.
     *
     * @throws IllegalArgumentException naming an unknown letter and the valid ones
     */
    public static StatsOptions parse(String letters) {
        boolean json = false;
        EnumSet<Section> omit = EnumSet.noneOf(Section.class);
        for (char c : (letters == null ? "" : letters).toCharArray()) {
            if (c == 'J') {
                json = true;
                continue;
            }
            Section found = null;
            for (Section s : Section.values()) {
                if (s.letter == c) {
                    found = s;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("unknown stats option '" + c + "' in \"" + letters
                        + "\": J (JSON), g (no general), m (no merged), a (no arenas), b (no bins), l (no large),"
                        + " e (no extents), t (no threads)");
            }
            omit.add(found);
        }
        return new StatsOptions(json, omit);
    }

    /** Whether {@code section} is printed. */
    public boolean shows(Section section) {
        return !omit.contains(section);
    }
}
