package org.jmalloc.lab.report;

import java.io.PrintWriter;
import java.util.Locale;
import org.jmalloc.results.report.Progress;

/**
 * Progress of long work on the error stream: on a terminal one line rewritten in place
 * ({@code report: charts 12/58}), elsewhere (CI logs) a line at every tenth of each step and at its end.
 */
final class ProgressPrinter implements Progress {

    private final PrintWriter err;
    private final String prefix;
    private final boolean live;
    private String step = "";
    private int lastTenth = -1;

    ProgressPrinter(PrintWriter err, String prefix, boolean live) {
        this.err = err;
        this.prefix = prefix;
        this.live = live;
    }

    @Override
    public void update(String step, int done, int total) {
        if (!step.equals(this.step)) {
            if (live && !this.step.isEmpty()) {
                err.println();
            }
            this.step = step;
            lastTenth = -1;
        }
        if (live) {
            err.printf(Locale.ROOT, "\r%s: %s %d/%d", prefix, step, done, total);
            if (done == total) {
                err.println();
                this.step = "";
            }
            err.flush();
            return;
        }
        int tenth = total == 0 ? 10 : done * 10 / total;
        if (tenth != lastTenth || done == total) {
            lastTenth = tenth;
            err.printf(Locale.ROOT, "%s: %s %d/%d%n", prefix, step, done, total);
            err.flush();
        }
    }
}
