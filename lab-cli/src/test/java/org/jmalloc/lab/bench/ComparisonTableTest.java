package org.jmalloc.lab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Locale;
import org.jmalloc.lab.core.jmh.JmhResults;
import org.jmalloc.lab.core.run.JmhLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ComparisonTableTest {

    private static final List<String> IMPLS =
            List.of("jmalloc", "glibc", "jemalloc", "mimalloc", "netty-pooled", "netty-adaptive");

    private final Locale defaultLocale = Locale.getDefault();

    @AfterEach
    void restoreLocale() {
        Locale.setDefault(defaultLocale);
    }

    private static String renderGolden() {
        return ComparisonTable.render(JmhResults.parse(Golden.text("golden-jmh.json")),
                JmhLog.failures(Golden.text("golden-jmh.log").lines().toList()), IMPLS);
    }

    @Test
    void rendersTheGoldenRunUnderTheRootLocale() {
        Locale.setDefault(Locale.ROOT);
        assertEquals(Golden.text("golden-table.txt"), renderGolden());
    }

    @Test
    void rendersTheSameUnderAGermanDefaultLocale() {
        Locale.setDefault(Locale.GERMANY);
        assertEquals(Golden.text("golden-table.txt"), renderGolden());
    }

    @Test
    void ratioOfATimeIsJmallocOverTheFastestNative() {
        String table = renderGolden();
        // jmalloc 8.25 ns, glibc 16.5, jemalloc 11.0: 8.25 / 11.0 = 0.75
        assertEquals(1, table.lines().filter(l -> l.startsWith("MallocFreeLatency size=00064 ")
                && l.contains(" 0.75  jemalloc ")).count(), table);
    }

    @Test
    void ratioOfAThroughputIsTheBestNativeOverJmalloc() {
        String table = renderGolden();
        // jmalloc 24 Mops/s, glibc 18, jemalloc 30: 30 / 24 = 1.25
        assertEquals(1, table.lines().filter(l -> l.startsWith("CrossThreadFreeThroughput ")
                && l.contains(" 1.25  jemalloc ")).count(), table);
    }

    private static String renderFootprintGolden() {
        return ComparisonTable.render(JmhResults.parse(Golden.text("golden-footprint-jmh.json")),
                JmhLog.failures(Golden.text("golden-footprint-jmh.log").lines().toList()),
                List.of("jmalloc", "glibc", "jemalloc", "mimalloc"));
    }

    @Test
    void footprintBenchmarksGetOneRowPerFigureUnderAnyLocale() {
        Locale.setDefault(Locale.ROOT);
        assertEquals(Golden.text("golden-footprint-table.txt"), renderFootprintGolden());
        Locale.setDefault(Locale.GERMANY);
        assertEquals(Golden.text("golden-footprint-table.txt"), renderFootprintGolden());
    }

    @Test
    void aFootprintRatioIsJmallocOverTheLowestNative() {
        String table = renderFootprintGolden();
        // jmalloc 2.004, glibc 1.253: 2.004 / 1.253 = 1.60; lower is better for memory held.
        assertEquals(1, table.lines().filter(l -> l.startsWith("FragmentationFootprint.fragment footprint.rss_over_live ")
                && l.contains(" 1.60  glibc ")).count(), table);
    }

    @Test
    void numbersKeepThreeOrFourSignificantDigits() {
        assertEquals("0.004", ComparisonTable.number(0.0042));
        assertEquals("8.25", ComparisonTable.number(8.2549));
        assertEquals("16.5", ComparisonTable.number(16.54));
        assertEquals("123", ComparisonTable.number(123.456));
        assertEquals("24000001", ComparisonTable.number(24_000_000.6));
        assertEquals("n/a", ComparisonTable.number(Double.NaN));
    }
}
