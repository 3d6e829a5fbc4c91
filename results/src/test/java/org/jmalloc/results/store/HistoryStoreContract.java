package org.jmalloc.results.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jmalloc.results.model.Params;
import org.jmalloc.results.model.Point;
import org.jmalloc.results.model.ResultRow;
import org.jmalloc.results.model.RunInfo;
import org.jmalloc.results.model.Series;
import org.jmalloc.results.model.SeriesKey;
import org.junit.jupiter.api.Test;

/**
 * The {@link HistoryStore} contract, run against every implementation: a subclass supplies fresh, empty,
 * independent histories.
 */
public abstract class HistoryStoreContract {

    /** A new empty history, independent of every other one this method returned. */
    protected abstract HistoryStore newStore() throws Exception;

    /** Makes {@code store}'s history look as if a newer schema version had written it. */
    protected abstract void markNewerSchemaVersion(HistoryStore store) throws Exception;

    @Test
    void emptyHistory_readsAsNoRowsAndNoProblems() throws Exception {
        try (HistoryStore store = newStore()) {
            HistorySnapshot snapshot = store.read();
            assertEquals(List.of(), snapshot.rows());
            assertEquals(List.of(), snapshot.problems());
            assertEquals(List.of(), store.seriesKeys());
        }
    }

    @Test
    void append_thenRead_givesBackEqualRowsInAppendOrder() throws Exception {
        try (HistoryStore store = newStore()) {
            List<ResultRow> rows = new ArrayList<>(SampleRows.rows(SampleRows.run("r1", "2025-01-07T02:15:00Z"),
                    12.5));
            rows.addAll(SampleRows.awkward(SampleRows.run("r2", "2025-02-01T00:00:00.123Z")));
            AppendResult result = store.append(rows);
            assertEquals(new AppendResult(rows.size(), 0, List.of("r1", "r2")), result);
            assertEquals(rows, store.read().rows());
            assertTrue(store.check().ok(), () -> store.check().problems().toString());
        }
    }

    @Test
    void appendingTheSameRunTwice_isANoOpThatSaysSo() throws Exception {
        try (HistoryStore store = newStore()) {
            List<ResultRow> rows = SampleRows.rows(SampleRows.run("r1", "2025-01-07T02:15:00Z"), 12.5);
            store.append(rows);
            AppendResult again = store.append(rows);
            assertTrue(again.noOp());
            assertEquals(0, again.added());
            assertEquals(3, again.alreadyPresent());
            assertEquals("run r1 already in the history (3 rows): nothing added", again.message());
            assertEquals(rows, store.read().rows());
        }
    }

    @Test
    void append_addsOnlyTheRowsWhoseKeyIsNew_andNeverOverwrites() throws Exception {
        try (HistoryStore store = newStore()) {
            RunInfo run = SampleRows.run("r1", "2025-01-07T02:15:00Z");
            List<ResultRow> first = SampleRows.rows(run, 12.5);
            store.append(first.subList(0, 2));
            List<ResultRow> changed = SampleRows.rows(run, 99.0); // same keys, other values
            AppendResult result = store.append(changed);
            assertEquals(1, result.added());
            assertEquals(2, result.alreadyPresent());
            assertEquals(List.of(first.get(0), first.get(1), changed.get(2)), store.read().rows());
        }
    }

    @Test
    void append_dropsDuplicateKeysWithinOneCall() throws Exception {
        try (HistoryStore store = newStore()) {
            List<ResultRow> rows = SampleRows.rows(SampleRows.run("r1", "2025-01-07T02:15:00Z"), 12.5);
            List<ResultRow> twice = new ArrayList<>(rows);
            twice.addAll(rows);
            assertEquals(new AppendResult(3, 3, List.of("r1")), store.append(twice));
            assertEquals(rows, store.read().rows());
        }
    }

    @Test
    void series_areListedSortedAndTheirPointsOrderedByTime() throws Exception {
        try (HistoryStore store = newStore()) {
            store.append(SampleRows.rows(SampleRows.run("late", "2025-03-01T00:00:00Z"), 30));
            store.append(SampleRows.rows(SampleRows.run("early", "2025-01-01T00:00:00Z"), 10));
            store.append(SampleRows.rows(SampleRows.run("middle", "2025-02-01T00:00:00Z"), 20));
            List<SeriesKey> keys = store.seriesKeys();
            assertEquals(3, keys.size());
            assertEquals(keys.stream().sorted().toList(), keys);
            SeriesKey latency = new SeriesKey("org.jmalloc.benchmarks.latency.MallocFreeLatencyBenchmark.mallocFree",
                    Params.parse("size=00064"), "latency.avg", "jmalloc", "hw-test");
            Series series = store.series(latency);
            assertEquals("ns/op", series.unit());
            assertEquals(List.of("early", "middle", "late"), series.points().stream().map(Point::runId).toList());
            assertEquals(List.of(10.0 * 0.99, 10.0 * 1.01), series.points().getFirst().samples());
            assertEquals(List.of(), store.series(new SeriesKey("none", Params.NONE, "m", "i", "h")).points());
        }
    }

    @Test
    void merge_addsTheOtherHistorysRowsWithoutDuplicates_andIsIdempotent() throws Exception {
        try (HistoryStore agentA = newStore(); HistoryStore agentB = newStore(); HistoryStore merged = newStore()) {
            List<ResultRow> shared = SampleRows.rows(SampleRows.run("shared", "2025-01-01T00:00:00Z"), 10);
            List<ResultRow> onlyA = SampleRows.rows(SampleRows.run("a", "2025-01-02T00:00:00Z"), 11);
            List<ResultRow> onlyB = SampleRows.awkward(SampleRows.run("b", "2025-02-03T00:00:00Z"));
            agentA.append(shared);
            agentA.append(onlyA);
            agentB.append(shared);
            agentB.append(onlyB);
            assertEquals(6, merged.merge(agentA).appended().added());
            MergeResult fromB = merged.merge(agentB);
            assertEquals(3, fromB.appended().added());
            assertEquals(3, fromB.appended().alreadyPresent());
            assertEquals(List.of(), fromB.problems());
            assertTrue(merged.merge(agentB).appended().noOp());
            assertEquals(9, merged.read().rows().size());
            assertEquals(new HashSet<>(concat(shared, onlyA, onlyB)), new HashSet<>(merged.read().rows()));
            assertTrue(merged.check().ok());
        }
    }

    @Test
    void concurrentAppendsFromFourWriters_loseNoRow() throws Exception {
        int writers = 4;
        int runsPerWriter = 8;
        try (HistoryStore store = newStore()) {
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < runsPerWriter; i++) {
                            String id = String.format(Locale.ROOT, "w%d-%02d", writer, i);
                            store.append(SampleRows.rows(SampleRows.run(id, "2025-01-01T00:00:00Z"), i + 1));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            HistorySnapshot snapshot = store.read();
            assertEquals(writers * runsPerWriter * 3, snapshot.rows().size());
            assertEquals(writers * runsPerWriter, snapshot.runs().size());
            assertEquals(List.of(), snapshot.problems());
        }
    }

    @Test
    void check_countsFilesRowsAndRunsOfASoundHistory() throws Exception {
        try (HistoryStore store = newStore()) {
            store.append(SampleRows.rows(SampleRows.run("r1", "2025-01-07T02:15:00Z"), 12.5));
            store.append(SampleRows.rows(SampleRows.run("r2", "2025-02-07T02:15:00Z"), 12.5));
            CheckReport report = store.check();
            assertTrue(report.ok(), report.problems()::toString);
            assertEquals(6, report.rows());
            assertEquals(2, report.runs());
        }
    }

    @Test
    void aHistoryOfANewerSchemaVersion_isRefusedWithAClearMessage() throws Exception {
        try (HistoryStore store = newStore()) {
            store.append(SampleRows.rows(SampleRows.run("r1", "2025-01-07T02:15:00Z"), 12.5));
            markNewerSchemaVersion(store);
            HistoryException read = assertThrows(HistoryException.class, store::read);
            assertTrue(read.getMessage().contains("schema version " + (HistoryStore.SCHEMA_VERSION + 1)),
                    read.getMessage());
            assertTrue(read.getMessage().contains("update the lab"), read.getMessage());
            assertThrows(HistoryException.class, () -> store.append(SampleRows.rows(SampleRows.run("r2",
                    "2025-01-08T00:00:00Z"), 1)));
            assertFalse(store.check().ok());
        }
    }

    @SafeVarargs
    private static List<ResultRow> concat(List<ResultRow>... lists) {
        List<ResultRow> all = new ArrayList<>();
        for (List<ResultRow> l : lists) {
            all.addAll(l);
        }
        return all;
    }
}
