package org.jmalloc.lab.core.run;

/**
 * The lab cannot do the job at all: a tool is missing, a build failed, JMH could not start. The message is one line
 * that says what is wrong and how to fix it; a command line reports it with exit code 3.
 */
public final class CannotRunException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CannotRunException(String message) {
        super(message);
    }

    public CannotRunException(String message, Throwable cause) {
        super(message, cause);
    }
}
