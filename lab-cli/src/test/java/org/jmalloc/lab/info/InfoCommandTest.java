package org.jmalloc.lab.info;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import org.jmalloc.allocator.os.Hardware;
import org.jmalloc.lab.LabRun;
import org.junit.jupiter.api.Test;

class InfoCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return LabRun.execute(out, err, args);
    }

    @Test
    void info_printsEverySectionAndPasses() {
        assertEquals(0, run("info"), err::toString);
        String text = out.toString();
        for (String section : new String[] {"Hardware\n", "Allocator configuration (effective)\n",
                "Self-check: passed (11 checks)\n", "Stats of the checked allocator", "Arenas: ",
                "Busiest size classes: 10 by mallocs\n"}) {
            assertTrue(text.contains(section), () -> "missing '" + section + "' in:\n" + text);
        }
        assertTrue(text.contains("  page size "), text);
        assertEquals("", err.toString());
    }

    @Test
    void infoJson_reportsTheDetectedHardwareAndThePassedCheck() throws Exception {
        assertEquals(0, run("info", "--json", "--top", "3"), err::toString);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        Hardware hardware = Hardware.detect();
        assertEquals(hardware.pageSize(), json.at("/hardware/pageSize").asLong());
        assertEquals(hardware.cpus(), json.at("/hardware/cpus").asInt());
        assertEquals(hardware.arch(), json.at("/hardware/arch").asText());
        assertTrue(json.at("/selfCheck/passed").asBoolean());
        assertEquals(11, json.at("/selfCheck/checks").size());
        assertEquals(json.at("/config/arenas").asInt(), json.at("/stats/arenas").size());
        assertEquals(3, json.at("/stats/busiestSizeClasses").size());
        assertTrue(json.at("/stats/allocated").asLong() >= json.at("/stats/liveBytes").asLong(), out::toString);
    }

    @Test
    void infoWithOptions_checksTheConfiguredAllocator() throws Exception {
        assertEquals(0, run("info", "--json", "--arenas", "2", "--no-thread-cache", "--page-size", "16384"),
                err::toString);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertEquals(2, json.at("/config/arenas").asInt());
        assertFalse(json.at("/config/threadCache").asBoolean());
        assertEquals(16384, json.at("/config/pageSize").asLong());
        assertEquals(2, json.at("/stats/arenas").size());
    }

    @Test
    void info_failingSelfCheck_exitsOneAndSaysWhichCheck() {
        assertEquals(1, run("info", "--test-fault", "OVERLAP_ONCE"));
        assertTrue(out.toString().contains("Self-check: FAILED"), out::toString);
        assertTrue(err.toString().startsWith("lab info: self-check failed: no overlap: block 0x"), err::toString);
    }

    @Test
    void info_invalidPageSize_isAUsageError() {
        assertEquals(2, run("info", "--page-size", "3000"));
        assertTrue(err.toString().startsWith("lab info: invalid allocator configuration: "), err::toString);
    }

    @Test
    void info_negativeTop_isAUsageError() {
        assertEquals(2, run("info", "--top", "-1"));
        assertTrue(err.toString().startsWith("lab info: --top must be 0 or more, got -1"), err::toString);
    }

    @Test
    void infoStatsJson_printsTheSixTotalsArenasAndSizeClasses() throws Exception {
        assertEquals(0, run("info", "--stats", "--json", "--arenas", "3"), err::toString);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        for (String total : new String[] {"allocated", "active", "metadata", "resident", "mapped", "retained"}) {
            assertTrue(json.at("/stats/" + total).isIntegralNumber(), () -> total + " in " + out);
        }
        assertTrue(json.at("/stats/allocated").asLong() > 0, out::toString);
        assertEquals(3, json.at("/arenas").size());
        assertEquals(json.at("/config/small_classes").asInt(), json.at("/size_classes").size());
    }

    @Test
    void infoStats_printsTheTextReportAndOmitsSections() {
        assertEquals(0, run("info", "--stats", "--stats-omit", "ab"), err::toString);
        String text = out.toString();
        assertTrue(text.startsWith("___ Begin jmalloc statistics ___\n"), text);
        assertTrue(!text.contains("bins:") && !text.contains("Arena 0:"), text);
        assertTrue(text.contains("Merged arenas:\n  large:"), "the merged large classes stay: " + text);
        assertTrue(text.contains("Allocated: "), text);
    }

    @Test
    void infoStats_refusesAnUnknownSectionLetter() {
        assertEquals(2, run("info", "--stats", "--stats-omit", "q"));
        assertTrue(err.toString().contains("unknown stats option 'q'"), err::toString);
    }
}
