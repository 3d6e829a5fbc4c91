package org.jmalloc.allocator.control;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Finds the names closest to a mistyped one, for error messages: Levenshtein distance over the
 * whole dotted name, and index-aware, so that {@code stats.arenas.9.dirty_bytes} on an allocator
 * with 8 arenas is reported as an index out of range rather than as a typo.
 */
public final class NameMatcher {

    /** How many close matches a message lists at most. */
    public static final int MAX_SUGGESTIONS = 5;

    private NameMatcher() {
    }

    /**
     * The names within edit distance {@code max(2, length / 4)} of {@code wanted} that pass
     * {@code filter}, closest first (ties in name order), at most {@link #MAX_SUGGESTIONS}.
     */
    public static List<String> closest(String wanted, Collection<String> names, Predicate<String> filter) {
        int limit = Math.max(2, wanted.length() / 4);
        record Scored(String name, int distance) {
        }
        List<Scored> scored = new ArrayList<>();
        for (String name : names) {
            if (!filter.test(name) || Math.abs(name.length() - wanted.length()) > limit) {
                continue;
            }
            int d = distance(wanted, name, limit);
            if (d <= limit) {
                scored.add(new Scored(name, d));
            }
        }
        scored.sort(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < scored.size() && i < MAX_SUGGESTIONS; i++) {
            out.add(scored.get(i).name());
        }
        return out;
    }

    /**
     * {@code name} with every all-digit segment replaced by {@code #}: names that differ only in
     * their indices share it.
     */
    public static String shape(String name) {
        String[] parts = name.split("\\.", -1);
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                b.append('.');
            }
            b.append(!parts[i].isEmpty() && parts[i].chars().allMatch(Character::isDigit) ? "#" : parts[i]);
        }
        return b.toString();
    }

    /**
     * Levenshtein distance of {@code a} and {@code b} (insertions, deletions and substitutions of
     * one character each cost 1); stops early and returns {@code limit + 1} once it must exceed
     * {@code limit}.
     */
    public static int distance(String a, String b, int limit) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
                rowMin = Math.min(rowMin, current[j]);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
