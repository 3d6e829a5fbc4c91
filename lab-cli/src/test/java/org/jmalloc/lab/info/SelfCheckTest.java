package org.jmalloc.lab.info;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jmalloc.allocator.Allocator;
import org.jmalloc.allocator.AllocatorBuilder;
import org.jmalloc.allocator.TestFault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SelfCheckTest {

    private static SelfCheck.Result check(AllocatorBuilder builder) {
        try (Allocator allocator = builder.build()) {
            return SelfCheck.run(allocator);
        }
    }

    @Test
    void defaultAllocator_passesEveryCheck() {
        SelfCheck.Result result = check(Allocator.builder());
        assertTrue(result.passed(), () -> "failed: " + result.firstFailure());
        assertEquals(List.of("sizeFor", "malloc", "calloc", "realloc", "alignedAlloc", "segments", "no overlap",
                "contents", "stats", "free", "invalid input"),
                result.checks().stream().map(SelfCheck.Check::name).toList());
        assertNotNull(result.liveStats());
        assertTrue(result.liveStats().allocated() >= result.liveBytes(),
                "allocated " + result.liveStats().allocated() + " < requested " + result.liveBytes());
    }

    @Test
    void oneArenaWithoutThreadCache_passesEveryCheck() {
        SelfCheck.Result result = check(Allocator.builder().arenas(1).threadCache(false));
        assertTrue(result.passed(), () -> "failed: " + result.firstFailure());
    }

    @ParameterizedTest
    @ValueSource(longs = {16384, 65536})
    void largerLogicalPages_passEveryCheck(long pageSize) {
        SelfCheck.Result result = check(Allocator.builder().pageSize(pageSize));
        assertTrue(result.passed(), () -> "failed with " + pageSize + "-byte pages: " + result.firstFailure());
    }

    @Test
    void overlappingBlocks_areReported() {
        SelfCheck.Result result = check(Allocator.builder().testFault(TestFault.OVERLAP_ONCE));
        assertFalse(result.passed());
        Map<String, SelfCheck.Check> byName = result.checks().stream()
                .collect(Collectors.toMap(SelfCheck.Check::name, c -> c));
        assertFalse(byName.get("no overlap").passed(), byName.get("no overlap").detail());
        assertTrue(byName.get("no overlap").detail().contains("overlaps block"), byName.get("no overlap").detail());
        assertFalse(byName.get("contents").passed(), byName.get("contents").detail());
        assertTrue(byName.get("contents").detail().contains("was overwritten at offset"),
                byName.get("contents").detail());
    }
}
