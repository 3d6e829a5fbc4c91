package org.jmalloc.stress.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jmalloc.allocator.os.OsMemory;
import org.jmalloc.stress.check.Violation;
import org.jmalloc.stress.check.ViolationLog;
import org.junit.jupiter.api.Test;

class FaultInjectingOsMemoryTest {

    /** Hands out fake addresses and records the calls it receives; touches no memory. */
    static class FakeOs implements OsMemory {
        long next = 0x10_0000_0000L;
        final List<String> calls = new ArrayList<>();

        @Override
        public long pageSize() {
            return 4096;
        }

        @Override
        public long map(long size) {
            long a = next;
            next += size + 4096 * 16; // leave gaps between mappings
            calls.add("map " + size);
            return a;
        }

        @Override
        public void unmap(long address, long size) {
            calls.add("unmap " + size);
        }

        @Override
        public boolean purgeLazy(long address, long size) {
            calls.add("purgeLazy " + size);
            return true;
        }

        @Override
        public void purgeForced(long address, long size) {
            calls.add("purgeForced " + size);
        }
    }

    private final List<Violation> violations = new ArrayList<>();
    private final ViolationLog log = new ViolationLog(7, violations::add);
    private final FakeOs fake = new FakeOs();

    @Test
    void map_failsExactlyTheChosenCall() {
        FaultInjectingOsMemory os = new FaultInjectingOsMemory(fake, new FaultPlan(0, 3, 0, 1), log);
        os.map(4096);
        os.map(4096);
        OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> os.map(8192));
        assertTrue(e.getMessage().startsWith("mmap of 8192 bytes failed: injected fault (map call #3"), e.getMessage());
        os.map(4096);
        assertEquals(1, os.mapFaults());
        assertEquals(4, os.mapCalls());
        assertEquals(3, fake.calls.size(), "the failed call never reached the OS");
    }

    @Test
    void map_failsAboutTheChosenFractionAndTheSameCallsForTheSameSeed() {
        FaultInjectingOsMemory a = new FaultInjectingOsMemory(fake, new FaultPlan(0.01, 0, 0, 99), log);
        FaultInjectingOsMemory b = new FaultInjectingOsMemory(new FakeOs(), new FaultPlan(0.01, 0, 0, 99), log);
        StringBuilder failedA = new StringBuilder();
        StringBuilder failedB = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            failedA.append(fails(a) ? 'x' : '.');
            failedB.append(fails(b) ? 'x' : '.');
        }
        assertEquals(failedA.toString(), failedB.toString());
        assertTrue(a.mapFaults() > 150 && a.mapFaults() < 250, "faults " + a.mapFaults() + " of 20000 at 1 %");
    }

    @Test
    void purge_failsByReturningFalseOrThrowing() {
        FaultInjectingOsMemory os = new FaultInjectingOsMemory(fake, new FaultPlan(0, 0, 1.0, 1), log);
        long a = os.map(4 * 4096);
        assertFalse(os.purgeLazy(a, 4096));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> os.purgeForced(a, 4096));
        assertTrue(e.getMessage().contains("MADV_DONTNEED) failed: injected fault"), e.getMessage());
        assertEquals(2, os.purgeFaults());
    }

    @Test
    void ledger_countsMappedBytesAndSplitsPartialUnmaps() {
        FaultInjectingOsMemory os = new FaultInjectingOsMemory(fake, FaultPlan.none(), log);
        long a = os.map(8 * 4096);
        os.unmap(a + 2 * 4096, 2 * 4096);
        assertEquals(6 * 4096, os.mappedBytes());
        os.purgeForced(a, 2 * 4096);
        os.purgeForced(a + 4 * 4096, 4 * 4096);
        os.purgeForced(a + 2 * 4096, 4096); // unmapped a moment ago
        assertEquals(1, violations.size(), violations.toString());
        assertEquals(Violation.Kind.OS_CONTRACT, violations.get(0).kind());
        assertEquals(2, fake.calls.stream().filter(c -> c.startsWith("purgeForced")).count(),
                "the range outside the mappings was not passed on");
    }

    @Test
    void contract_rejectsUnalignedRangesAndMemoryNeverMapped() {
        FaultInjectingOsMemory os = new FaultInjectingOsMemory(fake, FaultPlan.none(), log);
        long a = os.map(4 * 4096);
        os.unmap(a + 100, 4096);
        os.purgeLazy(a + 4 * 4096, 4096);
        os.unmap(a, 5 * 4096);
        assertEquals(3, violations.size(), violations.toString());
        assertTrue(violations.get(0).message().contains("multiples of the page size 4096"), violations.get(0).message());
        assertTrue(violations.get(1).message().contains("starts outside every mapping"), violations.get(1).message());
        assertTrue(violations.get(2).message().contains("runs past the mappings"), violations.get(2).message());
        assertEquals(4 * 4096, os.mappedBytes());
    }

    @Test
    void contract_allowsRangesSpanningAdjacentMappingsAndCountsThem() {
        FakeOs adjacent = new FakeOs() {
            @Override
            public long map(long size) {
                long a = next;
                next += size; // no gap: the next mapping starts where this one ends
                return a;
            }
        };
        FaultInjectingOsMemory os = new FaultInjectingOsMemory(adjacent, FaultPlan.none(), log);
        long a = os.map(2 * 4096);
        os.map(2 * 4096);
        os.purgeForced(a + 4096, 2 * 4096);
        os.unmap(a, 4 * 4096);
        assertEquals(List.of(), violations);
        assertEquals(2, os.spanningCalls());
        assertEquals(0, os.mappedBytes());
    }

    @Test
    void limit_reportsMappingPastMaxBytes() {
        FaultInjectingOsMemory os = new FaultInjectingOsMemory(fake, FaultPlan.none(), log);
        os.enforceLimit(8 * 4096);
        os.map(8 * 4096);
        assertEquals(List.of(), violations);
        os.map(4096);
        assertEquals(Violation.Kind.LIMIT_EXCEEDED, violations.get(0).kind());
    }

    @Test
    void plan_rejectsRatesOutsideZeroToOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FaultPlan(1.5, 0, 0, 0));
        assertEquals("invalid map failure rate 1.5: must be a fraction between 0 and 1 (0.01 fails 1 % of the calls)",
                e.getMessage());
    }

    private static boolean fails(FaultInjectingOsMemory os) {
        try {
            os.map(4096);
            return false;
        } catch (OutOfMemoryError e) {
            return true;
        }
    }
}
