package org.jmalloc.lab.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jmalloc.lab.LabRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's fault-injection example injects faults. It runs the README's own command line (its duration cut to
 * 3 s): the seed fixes which map calls fail, so the count does not depend on timing beyond the first few calls.
 */
class ReadmeFaultExampleTest {

    private static List<String> readmeExample() throws IOException {
        Path readme = Path.of(System.getProperty("user.dir")).resolveSibling("README.md");
        String line = Files.readAllLines(readme).stream()
                .filter(l -> l.startsWith("./lab stress ") && l.contains("--fault-rate")).findFirst()
                .orElseThrow(() -> new AssertionError("README.md has no ./lab stress example with --fault-rate"));
        String command = line.contains("#") ? line.substring(0, line.indexOf('#')) : line;
        List<String> args = new ArrayList<>(Arrays.asList(command.trim().split("\\s+")));
        args.removeFirst(); // ./lab
        int duration = args.indexOf("--duration");
        args.set(duration + 1, "3s");
        return args;
    }

    @Test
    void theReadmesFaultRateExampleInjectsFaults(@TempDir Path dir) throws IOException {
        List<String> args = readmeExample();
        args.addAll(List.of("--out", dir.toString(), "--no-record"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        assertEquals(0, LabRun.execute(out, err, args.toArray(String[]::new)), out + "\n" + err);

        List<String> lines = out.toString().lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("workload ")).findFirst().orElseThrow());
        List<String> columns = Arrays.asList(lines.get(header).trim().split("\\s{2,}"));
        String[] row = lines.get(header + 1).trim().split("\\s{2,}");
        long faults = Long.parseLong(row[columns.indexOf("faults")].replace(",", ""));
        assertTrue(faults > 0, "the example " + args + " injected no fault:\n" + out);
    }
}
