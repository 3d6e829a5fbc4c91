package org.jmalloc.allocator;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The child JVM of {@link GuardPageCrashTest}. With {@code large}: allocates a guarded large
 * block, writes its last byte (which must work), prints the address of the guard page after it,
 * then writes one byte past the end — into the guard, where the process must die with
 * {@code SIGSEGV}. With {@code slab}: every slab guarded, the first small block of a fresh
 * allocator is region 0 of its slab; writes its first byte, prints the address one byte before
 * it (the leading guard page) and writes there.
 */
public final class GuardPageChild {

    private GuardPageChild() {
    }

    public static void main(String[] args) {
        MemorySegment all = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
        if (args.length > 0 && args[0].equals("slab")) {
            Allocator a = Allocator.builder().safety(SafetyOptions.none().withGuardPages(0, 1)).build();
            long p = a.malloc(64);
            all.set(ValueLayout.JAVA_BYTE, p, (byte) 1); // the block's first byte: fine
            System.out.printf("guard 0x%x%n", p - 1);
            System.out.flush();
            all.set(ValueLayout.JAVA_BYTE, p - 1, (byte) 1); // one before the slab: the leading guard page
            System.out.println("survived the write before the slab");
            return;
        }
        Allocator a = Allocator.builder().safety(SafetyOptions.none().withGuardPages(1)).build();
        long p = a.malloc(64 * 1024);
        long usable = a.usableSize(p);
        all.set(ValueLayout.JAVA_BYTE, p + usable - 1, (byte) 1); // inside the block: fine
        System.out.printf("guard 0x%x%n", p + usable);
        System.out.flush();
        all.set(ValueLayout.JAVA_BYTE, p + usable, (byte) 1); // one past the end: the guard page
        System.out.println("survived the write past the end");
    }
}
