package org.jmalloc.results.report;

import java.util.Objects;

/**
 * A fragment of HTML markup. Text from data enters only through {@link #text}, which escapes it,
 * so a page built from {@code Html} values cannot carry markup that came from a benchmark name,
 * a parameter or a commit message.
 *
 * <p>Escaping: {@code & < > " '} become character references, which is enough for element
 * content and for double-quoted attribute values (the only places the pages put data).
 *
 * @param markup the HTML as it is written to the page
 */
record Html(String markup) {

    static final Html EMPTY = new Html("");

    Html {
        Objects.requireNonNull(markup, "markup");
    }

    /** Escaped text. */
    static Html text(String text) {
        return new Html(escape(text));
    }

    /** A link with escaped href and text. */
    static Html link(String href, String text) {
        return new Html("<a href=\"" + escape(href) + "\">" + escape(text) + "</a>");
    }

    /** An element with a class, around content. */
    static Html element(String tag, String cssClass, Html content) {
        String open = cssClass == null ? "<" + tag + ">" : "<" + tag + " class=\"" + escape(cssClass) + "\">";
        return new Html(open + content.markup + "</" + tag + ">");
    }

    /** These fragments one after another. */
    static Html concat(Html... parts) {
        StringBuilder b = new StringBuilder();
        for (Html part : parts) {
            b.append(part.markup);
        }
        return new Html(b.toString());
    }

    /** {@code & < > " '} as character references. */
    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
