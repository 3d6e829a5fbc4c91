package org.jmalloc.results.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The change-point table of the index and the benchmark pages. */
final class ChangeTable {

    private ChangeTable() {
    }

    /**
     * The change in percent, and whether it is worse or better by the metric's direction in lab-core's
     * catalog (for a metric the catalog does not know, only the percentage).
     */
    static Html change(SeriesChange c) {
        String percent = Numbers.percent(c.changePercent());
        return switch (c.assessment()) {
            case WORSE, BETTER -> Html.element("span", c.assessment().id(),
                    Html.text(percent + " " + c.assessment().id()));
            case UNCHANGED, UNKNOWN -> Html.text(percent);
        };
    }

    /**
     * Appends the table of {@code changes} (or a sentence saying there are none).
     *
     * @param pages benchmark name to page path relative to the site root
     * @param root  the path from the current page to the site root
     */
    static void append(HtmlPage page, List<SeriesChange> changes, Map<String, String> pages, String root) {
        if (changes.isEmpty()) {
            page.p(Html.text("No change point found (p-value and magnitude thresholds as shown by"
                    + " ./lab history changes --help)."));
            return;
        }
        List<List<Html>> rows = new ArrayList<>();
        for (SeriesChange c : changes) {
            String benchmark = c.series().benchmark();
            rows.add(List.of(Html.text(IndexPage.TIME.format(c.time())), Html.text(c.commitRange()),
                    Html.link(root + pages.get(benchmark), Slugs.shortName(benchmark)),
                    Html.text(c.series().params().canonical()), Html.text(c.series().metric()),
                    Html.text(c.series().implementation()), Html.text(c.series().hardwareProfile()),
                    Html.text(Integer.toString(c.index())),
                    Html.text(Numbers.value(c.meanBefore()) + " " + c.unit()),
                    Html.text(Numbers.value(c.meanAfter()) + " " + c.unit()),
                    change(c),
                    Html.text(Numbers.pValue(c.pValue()))));
        }
        page.table("changes", List.of("time", "commits", "benchmark", "params", "metric", "implementation", "profile",
                ">index", ">mean before", ">mean after", ">change", ">p-value"), rows);
    }
}
