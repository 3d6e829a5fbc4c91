package org.jmalloc.guardrails.config;

/**
 * A thresholds file that cannot be used. The message names the file, the line and the problem, and says how to fix
 * it: {@code "guardrails.yaml:14: rule 'latency': relative '5' is not a percentage: write it as 5%"}.
 */
public final class ConfigException extends RuntimeException {

    private final String file;
    private final int line;

    public ConfigException(String file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
    }

    /** The file's name as given. */
    public String file() {
        return file;
    }

    /** The 1-based line of the problem. */
    public int line() {
        return line;
    }
}
