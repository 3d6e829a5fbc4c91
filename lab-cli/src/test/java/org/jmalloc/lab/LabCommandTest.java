package org.jmalloc.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class LabCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return LabRun.execute(out, err, args);
    }

    @Test
    void noSubcommand_isAUsageErrorThatNamesTheSubcommands() {
        assertEquals(2, run());
        assertEquals("lab: missing subcommand: choose one of info, bench, stress, history, gate, calibrate, bisect, report, serve, help (e.g. ./lab info)\n"
                + "Try 'lab --help' for the options and an example.\n", err.toString());
    }

    @Test
    void unknownSubcommand_isAUsageError() {
        assertEquals(2, run("nosuch"));
        assertTrue(err.toString().startsWith("lab: Unmatched argument at index 0: 'nosuch'"), err.toString());
    }

    @Test
    void help_listsInfo() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("info"), out.toString());
    }

    @Test
    void version_namesTheLab() {
        assertEquals(0, run("--version"));
        assertTrue(out.toString().startsWith("jmalloc lab "), out.toString());
    }
}
