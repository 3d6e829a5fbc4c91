package org.jmalloc.lab.core.run;

import java.util.Map;

/**
 * A benchmark run that produced no result, with the reason JMH printed.
 *
 * @param benchmark the full benchmark name
 * @param params parameter values by name
 * @param reason one line: the exception message (e.g. {@code mimalloc not installed: apt-get install libmimalloc2.0
 *     (...)}) or JMH's note on a dead fork (e.g. {@code forked VM failed with exit code 134})
 */
public record RunFailure(String benchmark, Map<String, String> params, String reason) {

    public RunFailure {
        params = Map.copyOf(params);
    }
}
