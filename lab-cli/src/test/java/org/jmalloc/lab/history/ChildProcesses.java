package org.jmalloc.lab.history;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Starts test helpers such as {@link AppendLoop} in child JVMs with this test's class path. */
final class ChildProcesses {

    private ChildProcesses() {
    }

    static Process start(Class<?> main, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xshare:auto", main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
