package org.jmalloc.lab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jmalloc.lab.LabRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryChangesCommandTest {

    @TempDir
    Path dir;

    @Test
    void table_listsTheRegressionWithItsCommitsMeansAndPValue_underAnyLocale() throws Exception {
        Path history = HistoryFixture.write(dir.resolve("history"));
        Locale saved = Locale.getDefault();
        try {
            for (String tag : new String[] {"en-US", "de-DE", "tr-TR"}) {
                Locale.setDefault(Locale.forLanguageTag(tag));
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                int code = LabRun.execute(out, err, "history", "changes", "--history", history.toString());
                assertEquals(0, code, err.toString());
                Golden.assertMatches("changes-table.txt", out.toString().replace(history.toString(), "HISTORY"),
                        "under " + tag);
            }
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void json_isAListOfChangesWithEveryField() throws Exception {
        Path history = HistoryFixture.write(dir.resolve("history"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, LabRun.execute(out, err, "history", "changes", "--json", "--history", history.toString()),
                err.toString());
        Golden.assertMatches("changes.json", out.toString(), "--json");
        JsonNode list = new ObjectMapper().readTree(out.toString());
        assertEquals(1, list.size());
        JsonNode c = list.get(0);
        assertEquals(20, c.get("index").asInt());
        assertEquals("jmalloc", c.get("series").get("implementation").asText());
        assertEquals(10.0, c.get("changePercent").asDouble(), 1.0);
        assertTrue(c.get("pValue").asDouble() < 0.001);
        assertEquals("worse", c.get("assessment").asText());
    }

    @Test
    void json_saysWhetherEachChangeIsWorseOrBetterByTheMetricsDirection() throws Exception {
        Path history = HistoryFixture.writeWithEveryDirection(dir.resolve("history"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, LabRun.execute(out, err, "history", "changes", "--json", "--history", history.toString()),
                err.toString());
        Golden.assertMatches("changes-every-direction.json", out.toString(), "--json");
        Map<String, String> assessment = new TreeMap<>();
        Map<String, String> direction = new TreeMap<>();
        for (JsonNode c : new ObjectMapper().readTree(out.toString())) {
            String metric = c.get("series").get("metric").asText();
            assessment.put(metric, c.get("assessment").asText());
            direction.put(metric, c.get("direction").isNull() ? "null" : c.get("direction").asText());
        }
        assertEquals(Map.of("latency.avg", "worse", "throughput", "better", "response_time.p95", "unknown"),
                assessment);
        assertEquals(Map.of("latency.avg", "lower-is-better", "throughput", "higher-is-better",
                "response_time.p95", "null"), direction);
    }

    @Test
    void table_saysWorseOrBetterBesideTheChange() throws Exception {
        Path history = HistoryFixture.writeWithEveryDirection(dir.resolve("history"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, LabRun.execute(out, err, "history", "changes", "--history", history.toString()),
                err.toString());
        Golden.assertMatches("changes-every-direction.txt", out.toString().replace(history.toString(), "HISTORY"),
                "table");
    }

    @Test
    void stricterMagnitude_findsNothing_andBadSettingsAreACommandLineError() {
        Path history = HistoryFixture.write(dir.resolve("history"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, LabRun.execute(out, err, "history", "changes", "--history", history.toString(),
                "--min-magnitude", "0.2"));
        assertTrue(out.toString().contains(", 0 change points (p < 0.001, magnitude > 0.2, window 50)"), out.toString());
        StringWriter err2 = new StringWriter();
        assertEquals(2, LabRun.execute(new StringWriter(), err2, "history", "changes", "--history",
                history.toString(), "--p-value", "1.5"));
        assertTrue(err2.toString().contains("--p-value: p-value 1.5 is out of range"), err2.toString());
        StringWriter err3 = new StringWriter();
        assertEquals(2, LabRun.execute(new StringWriter(), err3, "history", "changes", "--window", "2"));
        assertTrue(err3.toString().contains("--window: window 2 is too short"), err3.toString());
    }

    @Test
    void damagedRow_isReportedAndTheRestAnalysed_exitCode1() throws Exception {
        Path history = HistoryFixture.write(dir.resolve("history"));
        Path month = Files.list(history).filter(p -> p.toString().endsWith(".csv")).findFirst().orElseThrow();
        Files.writeString(month, "not,a,row\n", StandardOpenOption.APPEND);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(1, LabRun.execute(out, err, "history", "changes", "--history", history.toString()));
        assertTrue(err.toString().contains("skipped " + month), err.toString());
        assertTrue(out.toString().contains(", 1 change points"), out.toString());
    }

    @Test
    void help_showsAnExampleAndTheExitCodes() {
        StringWriter out = new StringWriter();
        assertEquals(0, LabRun.execute(out, new StringWriter(), "history", "changes", "--help"));
        assertTrue(out.toString().contains("./lab history changes --json --min-magnitude 0.02"), out.toString());
        assertTrue(out.toString().contains("--window=N"), out.toString());
        assertTrue(out.toString().contains("(default: 0.001)"), out.toString());
    }
}
