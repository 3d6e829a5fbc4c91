package org.jmalloc.lab.history;

import java.util.Locale;
import org.jmalloc.results.changepoint.ChangePointDetector;
import org.jmalloc.results.changepoint.ChangePointSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The change-point settings of a command ({@code ./lab history changes}, {@code ./lab report}): the
 * thresholds of {@link ChangePointSettings}, each with its default. A picocli mixin.
 */
public final class ChangePointOptions {

    @Option(names = "--p-value", paramLabel = "P", defaultValue = "" + ChangePointSettings.DEFAULT_MAX_P_VALUE,
            description = "Keep a change only when the t-test's p-value is below P (default: ${DEFAULT-VALUE}).")
    double pValue;

    @Option(names = "--min-magnitude", paramLabel = "M",
            defaultValue = "" + ChangePointSettings.DEFAULT_MIN_MAGNITUDE,
            description = "Keep a change only when its relative size is above M, e.g. 0.02 for 2 %%"
                    + " (default: ${DEFAULT-VALUE}, every significant change).")
    double minMagnitude;

    @Option(names = "--window", paramLabel = "N", defaultValue = "" + ChangePointSettings.DEFAULT_WINDOW,
            description = "Points per E-divisive window of the split step (default: ${DEFAULT-VALUE}).")
    int window;

    /**
     * The detector these options describe.
     *
     * @throws ParameterException naming the option when a value is out of range
     */
    public ChangePointDetector detector(CommandSpec spec) {
        try {
            return ChangePointDetector.of(new ChangePointSettings(pValue, minMagnitude, window));
        } catch (IllegalArgumentException e) {
            String option = e.getMessage().startsWith("p-value") ? "--p-value"
                    : e.getMessage().startsWith("minimum") ? "--min-magnitude" : "--window";
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    /** E.g. {@code p < 0.001, magnitude > 0, window 50}. */
    public String describe() {
        return String.format(Locale.ROOT, "p < %s, magnitude > %s, window %d", pValue, minMagnitude, window);
    }
}
