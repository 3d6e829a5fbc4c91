package org.jmalloc.lab.core.jmh;

import java.util.List;

/**
 * The JVM a JMH run forked, as its JSON result states it; an empty string or list when the file does not say.
 *
 * @param jvm the java executable
 * @param jvmArgs the forked JVM's options, in order
 * @param jdkVersion e.g. {@code 25.0.3}
 * @param vmName e.g. {@code OpenJDK 64-Bit Server VM}
 * @param vmVersion e.g. {@code 25.0.3+9-LTS}
 */
public record JvmInfo(String jvm, List<String> jvmArgs, String jdkVersion, String vmName, String vmVersion) {

    /** A JVM of which nothing is known. */
    public static final JvmInfo UNKNOWN = new JvmInfo("", List.of(), "", "", "");

    public JvmInfo {
        jvmArgs = List.copyOf(jvmArgs);
    }
}
