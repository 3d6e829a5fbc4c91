package org.jmalloc.results.model;

/** Argument checks shared by the model's records. */
final class Checks {

    private Checks() {
    }

    /** A text field: non-null, no line breaks or other control characters (they would not survive every store). */
    static String text(String value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is null (use \"\" when unknown)");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException(what + " contains control character U+"
                        + String.format(java.util.Locale.ROOT, "%04X", (int) c) + " at index " + i + ": " + value);
            }
        }
        return value;
    }

    /** A name: a text field that is not blank. */
    static String name(String value, String what) {
        text(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        return value;
    }
}
