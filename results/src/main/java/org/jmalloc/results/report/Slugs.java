package org.jmalloc.results.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * File names for pages and charts made from names in the data: a readable part of letters, digits,
 * dots and dashes (anything else becomes {@code _}, at most 60 characters) and the first 8 hex digits
 * of the SHA-256 of the whole name, so two names never share a file and no name can reach outside
 * the site's directory.
 */
final class Slugs {

    private Slugs() {
    }

    /** E.g. {@code MallocFreeLatencyBenchmark.mallocFree-1a2b3c4d} for a benchmark name. */
    static String of(String readable, String identity) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < readable.length() && b.length() < 60; i++) {
            char c = readable.charAt(i);
            boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || (c == '.' && !b.isEmpty());
            b.append(safe ? c : '_');
        }
        return b + "-" + hash(identity);
    }

    /** The last two dotted parts of a benchmark name, e.g. {@code MallocFreeLatencyBenchmark.mallocFree}. */
    static String shortName(String benchmark) {
        int last = benchmark.lastIndexOf('.');
        int previous = last <= 0 ? -1 : benchmark.lastIndexOf('.', last - 1);
        return previous < 0 ? benchmark : benchmark.substring(previous + 1);
    }

    private static String hash(String identity) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
