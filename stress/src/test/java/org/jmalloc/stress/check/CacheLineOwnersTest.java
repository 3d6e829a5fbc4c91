package org.jmalloc.stress.check;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CacheLineOwnersTest {

    @Test
    void claim_reportsAnotherThreadsLiveBlockOnTheSameLine() throws InterruptedException {
        CacheLineOwners lines = new CacheLineOwners(64);
        assertNull(lines.claim(0x1000, 16));
        AtomicReference<String> conflict = new AtomicReference<>();
        Thread other = new Thread(() -> conflict.set(lines.claim(0x1030, 16)), "other-thread");
        other.start();
        other.join();
        assertNotNull(conflict.get());
        assertTrue(conflict.get().contains(Thread.currentThread().getName()), conflict.get());
    }

    @Test
    void claim_allowsTheSameThreadAndTheNextLine() throws InterruptedException {
        CacheLineOwners lines = new CacheLineOwners(64);
        assertNull(lines.claim(0x1000, 16));
        assertNull(lines.claim(0x1010, 16));
        AtomicReference<String> conflict = new AtomicReference<>("not run");
        Thread other = new Thread(() -> conflict.set(lines.claim(0x1040, 64)));
        other.start();
        other.join();
        assertNull(conflict.get());
    }

    @Test
    void release_handsTheLineOverOnceTheLastBlockIsGone() throws InterruptedException {
        CacheLineOwners lines = new CacheLineOwners(64);
        lines.claim(0x1000, 16);
        lines.claim(0x1010, 16);
        lines.release(0x1000, 16);
        AtomicReference<String> conflict = new AtomicReference<>("not run");
        Thread stillShared = new Thread(() -> conflict.set(lines.claim(0x1020, 16)));
        stillShared.start();
        stillShared.join();
        assertNotNull(conflict.get(), "one block of the first thread is still on the line");
        lines.release(0x1010, 16);
        Thread free = new Thread(() -> conflict.set(lines.claim(0x1020, 16)));
        free.start();
        free.join();
        assertNull(conflict.get());
    }
}
