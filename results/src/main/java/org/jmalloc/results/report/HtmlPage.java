package org.jmalloc.results.report;

import java.util.List;
import org.jmalloc.results.chart.TrendChart;

/**
 * One page of the site: a fixed head (UTF-8, title, the site's style sheet, no script), a header
 * with a link home, then sections appended in order. Every tag is closed and every text escaped;
 * the page holds no inline style or script, so a content security policy of
 * {@code default-src 'none'; img-src 'self'; style-src 'self'} shows it whole.
 */
final class HtmlPage {

    private final StringBuilder body = new StringBuilder();
    private final String title;
    private final String root;

    /**
     * @param title the page title (escaped)
     * @param root  the relative path from this page to the site's root, {@code ""} or {@code "../"}
     */
    HtmlPage(String title, String root) {
        this.title = title;
        this.root = root;
    }

    HtmlPage h1(String text) {
        return append(Html.element("h1", null, Html.text(text)));
    }

    HtmlPage h2(String text, String id) {
        body.append("<h2 id=\"").append(Html.escape(id)).append("\">").append(Html.escape(text)).append("</h2>\n");
        return this;
    }

    HtmlPage p(Html content) {
        return append(Html.element("p", null, content));
    }

    HtmlPage p(String cssClass, Html content) {
        return append(Html.element("p", cssClass, content));
    }

    /** A command the reader can copy. */
    HtmlPage command(String command) {
        return append(Html.element("pre", "command", Html.text(command)));
    }

    /** A trend chart's figure: the PNG shown, with a link to the SVG and a caption. */
    HtmlPage figure(String png, String svg, String alt, Html caption) {
        return figure(png, svg, alt, TrendChart.WIDTH, TrendChart.HEIGHT, caption);
    }

    /** A figure of a chart of {@code width} x {@code height} pixels. */
    HtmlPage figure(String png, String svg, String alt, int width, int height, Html caption) {
        body.append("<figure><a href=\"").append(Html.escape(svg)).append("\"><img src=\"")
                .append(Html.escape(png)).append("\" alt=\"").append(Html.escape(alt))
                .append("\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\"></a><figcaption>").append(caption.markup()).append("</figcaption></figure>\n");
        return this;
    }

    /**
     * A table; a header starting with {@code '>'} marks a numeric column (right-aligned by the
     * style sheet; the marker is not shown).
     */
    HtmlPage table(String cssClass, List<String> headers, List<List<Html>> rows) {
        StringBuilder b = new StringBuilder("<div class=\"scroll\"><table class=\"").append(Html.escape(cssClass))
                .append("\">\n<thead><tr>");
        boolean[] numeric = new boolean[headers.size()];
        for (int i = 0; i < headers.size(); i++) {
            String h = headers.get(i);
            numeric[i] = h.startsWith(">");
            b.append(numeric[i] ? "<th class=\"num\">" : "<th>").append(Html.escape(numeric[i] ? h.substring(1) : h))
                    .append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (List<Html> row : rows) {
            if (row.size() != headers.size()) {
                throw new IllegalArgumentException("row has " + row.size() + " cells, the table " + headers.size());
            }
            b.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                b.append(numeric[i] ? "<td class=\"num\">" : "<td>").append(row.get(i).markup()).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table></div>\n");
        body.append(b);
        return this;
    }

    HtmlPage append(Html html) {
        body.append(html.markup()).append('\n');
        return this;
    }

    /** The whole document. */
    String render() {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + Html.escape(title) + "</title>\n"
                + "<link rel=\"stylesheet\" href=\"" + root + "style.css\">\n</head>\n<body>\n"
                + "<header><a href=\"" + root + "index.html\">jmalloc performance report</a></header>\n"
                + "<main>\n" + body + "</main>\n</body>\n</html>\n";
    }
}
