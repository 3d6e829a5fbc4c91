package org.jmalloc.lab;

/**
 * The exit codes every subcommand uses, and the lines of their {@code --help} that explain the two shared by all: a
 * subcommand says in its own words what 0 and 1 mean for its job, and lists {@link #USAGE_LINE} and
 * {@link #CANNOT_RUN_LINE} after them.
 */
public final class ExitCode {

    /** The job ran and found nothing wrong. */
    public static final int OK = 0;
    /** The job ran and found a problem (a failed check, a violation, a failed benchmark run). */
    public static final int PROBLEM = 1;
    /** The command line was wrong; a one-line message says what and how to fix it. */
    public static final int USAGE = 2;
    /** The job could not run at all (a tool, a file or a build missing); a one-line message says why. */
    public static final int CANNOT_RUN = 3;

    /** {@code --help}'s line for {@link #USAGE}. */
    public static final String USAGE_LINE = "2:invalid command line (a one-line message says what is wrong)";
    /** {@code --help}'s line for {@link #CANNOT_RUN}. */
    public static final String CANNOT_RUN_LINE = "3:cannot run: a tool, file or build is missing or failed (the"
            + " message says which)";

    private ExitCode() {
    }
}
