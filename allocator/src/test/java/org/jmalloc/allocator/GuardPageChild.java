package org.jmalloc.allocator;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The child JVM of {@link GuardPageCrashTest}: allocates a guarded large block, writes its last
 * byte (which must work), prints the address of the guard page after it, then writes one byte
 * past the end — into the guard, where the process must die with {@code SIGSEGV}.
 */
public final class GuardPageChild {

    private GuardPageChild() {
    }

    public static void main(String[] args) {
        Allocator a = Allocator.builder().safety(SafetyOptions.none().withGuardPages(1)).build();
        long p = a.malloc(64 * 1024);
        long usable = a.usableSize(p);
        MemorySegment all = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
        all.set(ValueLayout.JAVA_BYTE, p + usable - 1, (byte) 1); // inside the block: fine
        System.out.printf("guard 0x%x%n", p + usable);
        System.out.flush();
        all.set(ValueLayout.JAVA_BYTE, p + usable, (byte) 1); // one past the end: the guard page
        System.out.println("survived the write past the end");
    }
}
