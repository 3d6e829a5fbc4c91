package org.jmalloc.allocator;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.jmalloc.allocator.os.OsMemory;

/**
 * The child JVM of {@link NewThreadHeapTest}, run with {@code -Xint} so that only the bytecode's own
 * allocations count (the JIT's tier changes and deoptimizations make the JVM allocate now and then
 * in whatever frame is running). Runs {@value #ROUNDS} rounds, each on a new platform thread that
 * counts the Java heap bytes it allocates from before its first call to after its last, and prints
 * one line per round: {@code round <i> <bytes>}; then, for the system calls, the same calls on the
 * main thread, which made them once before: {@code old-thread <bytes>}.
 */
public final class NewThreadHeapChild {

    static final int ROUNDS = 12;
    /** Small classes of several slab kinds, and large cached ones. */
    private static final long[] SIZES = {16, 48, 100, 256, 1000, 4096, 20_000, 100_000};
    private static final int BLOCKS_PER_SIZE = 40;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private NewThreadHeapChild() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "allocator" -> allocatorCalls();
            case "syscalls" -> systemCalls();
            default -> throw new IllegalArgumentException("mode: allocator or syscalls, not " + args[0]);
        }
    }

    private static void allocatorCalls() {
        try (Allocator allocator = Allocator.builder().build()) {
            for (int round = 0; round < ROUNDS; round++) {
                long[] bytes = new long[1];
                long[] blocks = new long[SIZES.length * BLOCKS_PER_SIZE];
                TestThreads.runAll("new-thread-" + round, List.of(() -> {
                    long before = THREADS.getCurrentThreadAllocatedBytes();
                    for (int i = 0; i < blocks.length; i++) {
                        blocks[i] = allocator.malloc(SIZES[i % SIZES.length]);
                    }
                    for (long block : blocks) {
                        allocator.free(block);
                    }
                    bytes[0] = THREADS.getCurrentThreadAllocatedBytes() - before;
                }), 60);
                System.out.println("round " + round + " " + bytes[0]);
                allocator.stats(); // reaps the dead thread: its cache is the next thread's to take over
            }
            System.out.println("allocated " + allocator.stats().allocated());
        }
    }

    private static void systemCalls() throws InterruptedException {
        OsMemory os = OsMemory.system();
        systemCallsHeapBytes(os); // the main thread's first calls: whatever a thread pays once, it has paid
        for (int round = 0; round < ROUNDS; round++) {
            long[] bytes = new long[1];
            Thread t = Thread.ofPlatform().start(() -> bytes[0] = systemCallsHeapBytes(os));
            t.join();
            System.out.println("round " + round + " " + bytes[0]);
        }
        System.out.println("old-thread " + systemCallsHeapBytes(os));
    }

    private static long systemCallsHeapBytes(OsMemory os) {
        long page = os.pageSize();
        long before = THREADS.getCurrentThreadAllocatedBytes();
        long address = os.map(16 * page);
        os.purgeLazy(address, 4 * page);
        os.purgeForced(address, 4 * page);
        os.adviseHugePages(address, 16 * page, false);
        os.unmap(address, 16 * page);
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }
}
