package org.jmalloc.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import org.jmalloc.stress.workload.Workloads;
import org.junit.jupiter.api.Test;

class StressCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return LabRun.execute(out, err, args);
    }

    @Test
    void list_namesEveryWorkloadWithItsPattern() {
        assertEquals(0, run("stress", "--list"));
        for (String name : Workloads.names()) {
            assertTrue(out.toString().contains(name + " "), name + " missing from:\n" + out);
        }
    }

    @Test
    void shortRun_printsTheTableAndExitsZero() {
        int code = run("stress", "--workload", "sh6bench", "--threads", "2", "--duration", "300ms", "--seed", "3");

        assertEquals(0, code, out + "\n" + err);
        String text = out.toString();
        assertTrue(text.contains("stress: 1 workload, 2 threads, 300ms each, seed 3"), text);
        assertTrue(text.contains("workload  threads"), text);
        assertTrue(text.contains("PASSED: no violations."), text);
    }

    @Test
    void unknownWorkload_isAUsageErrorNamingTheKnownOnes() {
        assertEquals(2, run("stress", "--workload", "larsen"));
        assertTrue(err.toString().contains("unknown workload 'larsen': choose one of larson, xmalloc"), err.toString());
    }

    @Test
    void badDuration_isAUsageErrorSayingWhatIsAccepted() {
        assertEquals(2, run("stress", "--duration", "10"));
        assertTrue(err.toString().contains("write a whole number and a unit, e.g. 500ms, 30s, 2m or 1h"), err.toString());
    }

    @Test
    void badFaultRate_isAUsageError() {
        assertEquals(2, run("stress", "--fault-rate", "2"));
        assertTrue(err.toString().contains("invalid map failure rate 2.0: must be a fraction between 0 and 1"),
                err.toString());
    }
}
