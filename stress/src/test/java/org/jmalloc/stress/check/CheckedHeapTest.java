package org.jmalloc.stress.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jmalloc.allocator.Allocator;
import org.jmalloc.allocator.os.OsMemory;
import org.jmalloc.stress.fault.FaultInjectingOsMemory;
import org.jmalloc.stress.fault.FaultPlan;
import org.junit.jupiter.api.Test;

class CheckedHeapTest {

    private static final long MIB = 1 << 20;

    private final List<Violation> violations = new ArrayList<>();
    private final ViolationLog log = new ViolationLog(5, violations::add);

    /**
     * A realloc that fails leaves the old block live; the heap must put it back in the shadow map
     * as {@code born} did (at its usable size), or the entry outlives the block and the block's
     * next realloc in place (or the next owner of its address) is reported as an overlap.
     */
    @Test
    void failedReallocLeavesTheShadowMapAsItWas() {
        // Exactly the first map call made once armed fails: the one the 64 MiB realloc needs.
        FaultInjectingOsMemory os = new FaultInjectingOsMemory(OsMemory.system(), new FaultPlan(0, 1, 0, 5), log);
        os.arm(false);
        try (Allocator allocator = Allocator.builder().osMemory(os).arenas(1).build()) {
            CheckedHeap heap = new CheckedHeap(allocator, 5, 0, log); // every block in the shadow map
            long request = 3536; // below its class's usable size
            long a = heap.malloc(request);
            assertTrue(allocator.usableSize(a) > request, "the test needs a request below the usable size");

            os.arm(true);
            assertEquals(0, heap.realloc(a, request, 64 * MIB), "the realloc whose mapping was refused");
            os.arm(false);
            assertEquals(1, os.mapFaults(), "injected faults");
            assertEquals(1, heap.ooms(), "out-of-memory answers");

            // Same size class: realloc keeps the block where it is; the old block's cookie is checked too.
            long b = heap.realloc(a, request, request - 36);
            assertEquals(a, b, "a realloc within the class stays in place");
            heap.free(b, request - 36);
            long c = heap.malloc(request); // may get the same address back: it is free now
            heap.free(c, request);
            assertEquals(List.of(), violations, "violations");
            assertEquals(0, heap.liveBlocks(), "live blocks");
        }
    }
}
