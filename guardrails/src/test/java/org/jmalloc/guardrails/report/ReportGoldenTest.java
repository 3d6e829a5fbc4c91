package org.jmalloc.guardrails.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;
import org.jmalloc.guardrails.verdict.GateResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every output format against its golden file, rendered under a German default locale (decimal comma) to show the
 * views do not depend on it. After an intended format change, run with {@code -Dsurefire.extraArgs=-Dgolden.update=true} to rewrite the
 * files under {@code src/test/resources}, and review the diff.
 */
class ReportGoldenTest {

    private static final Locale DEFAULT = Locale.getDefault();

    @AfterEach
    void restoreLocale() {
        Locale.setDefault(DEFAULT);
    }

    @Test
    void markdown() throws IOException {
        check("gate-summary.md", MarkdownReport::render);
    }

    @Test
    void junitXml() throws IOException {
        check("gate-junit.xml", JUnitReport::render);
    }

    @Test
    void json() throws IOException {
        check("gate-verdict.json", JsonReport::render);
    }

    private static void check(String name, Function<GateResult, String> view) throws IOException {
        Locale.setDefault(Locale.GERMANY);
        String actual = view.apply(SampleResult.create());
        if (Boolean.getBoolean("golden.update")) {
            Path file = Path.of("src/test/resources/org/jmalloc/guardrails/report", name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        try (InputStream in = ReportGoldenTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("golden file " + name + " is missing: run with -Dsurefire.extraArgs=-Dgolden.update=true");
            }
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), actual, name);
        }
    }
}
