package org.jmalloc.allocator.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Linker;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The system calls' errno buffers: lent out one call at a time (so that a new thread's system calls
 * need no buffer of their own: {@code NewThreadHeapTest}), and a call that fails still reports its
 * errno.
 */
class LinuxOsMemoryTest {

    @Test
    void aFailedCallStillReportsItsErrno() {
        assumeTrue(System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux"));
        OsMemory os = OsMemory.system();
        long page = os.pageSize();
        // munmap of a range in the kernel's half of the address space fails with EINVAL.
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> os.unmap(-page, page));
        assertTrue(e.getMessage().contains("errno 22"), e.getMessage());
    }

    @Test
    void slotsAreLentOutExclusivelyUntilReleased() {
        CaptureStates states = new CaptureStates(Linker.Option.captureStateLayout());
        Set<Integer> claimed = new HashSet<>();
        for (int i = 0; i < CaptureStates.SLOTS; i++) {
            int slot = states.claim();
            assertTrue(slot >= 0 && claimed.add(slot), "claim " + i + " got a slot no one holds: " + slot);
        }
        assertEquals(-1, states.claim(), "every slot is lent out");
        int back = claimed.iterator().next();
        states.release(back);
        assertEquals(back, states.claim(), "a released slot is claimed again");
        assertNotEquals(states.buffer(0).address(), states.buffer(1).address(), "each slot has its own buffer");
    }
}
