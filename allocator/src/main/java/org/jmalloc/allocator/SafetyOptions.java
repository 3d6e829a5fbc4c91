package org.jmalloc.allocator;

/**
 * Debug and hardening settings ({@link AllocatorBuilder#safety(SafetyOptions)}), after jemalloc's
 * {@code opt.junk}, {@code opt.zero} and its sanitizer's guard pages and use-after-free check.
 *
 * <p>Junk, zero and the use-after-free check act on every allocation and free, so an allocator
 * with any of them (or with an {@link AllocationListener}) runs every call through its checked
 * slow path and keeps no thread caches: the fast paths of every other allocator carry no code
 * for them (they are not even compiled in: the checked path is another class). Guard pages cost
 * nothing per call (they are set up when a slab or a large block gets its pages) and keep the
 * thread caches.
 *
 * @param junk fill each block with {@code 0xA5} when allocated and {@code 0x5A} when freed
 * @param zero fill each block with zeros when allocated (overrides the allocation junk)
 * @param quarantineBytes with the use-after-free check: freed blocks held back, junked, up to
 *     this many bytes, and verified when they leave (0: verified at once); -1: no check
 * @param guardLargeEvery put a {@code PROT_NONE} guard page before and after every Nth large
 *     block (0: none)
 * @param guardSlabEvery put a {@code PROT_NONE} guard page before and after every Nth new slab
 *     (0: none), so that running off its first or last region faults
 */
public record SafetyOptions(boolean junk, boolean zero, long quarantineBytes, int guardLargeEvery,
                            int guardSlabEvery) {

    public SafetyOptions {
        if (quarantineBytes < -1) {
            throw new IllegalArgumentException("invalid quarantine size " + quarantineBytes
                    + ": must be -1 (no use-after-free check) or at least 0");
        }
        if (guardLargeEvery < 0) {
            throw new IllegalArgumentException("invalid guard interval " + guardLargeEvery
                    + ": must be 0 (no guard pages) or positive (every Nth large block)");
        }
        if (guardSlabEvery < 0) {
            throw new IllegalArgumentException("invalid slab guard interval " + guardSlabEvery
                    + ": must be 0 (no guard pages) or positive (every Nth slab)");
        }
    }

    /** Nothing on: the default. */
    public static SafetyOptions none() {
        return new SafetyOptions(false, false, -1, 0, 0);
    }

    public SafetyOptions withJunk(boolean on) {
        return new SafetyOptions(on, zero, quarantineBytes, guardLargeEvery, guardSlabEvery);
    }

    public SafetyOptions withZero(boolean on) {
        return new SafetyOptions(junk, on, quarantineBytes, guardLargeEvery, guardSlabEvery);
    }

    /** The use-after-free check with a quarantine of {@code bytes} (e.g. 4 MiB). */
    public SafetyOptions withUseAfterFreeCheck(long bytes) {
        return new SafetyOptions(junk, zero, bytes, guardLargeEvery, guardSlabEvery);
    }

    /** Guard pages around every {@code largeEvery}th large block (0: none); slabs as before. */
    public SafetyOptions withGuardPages(int largeEvery) {
        return new SafetyOptions(junk, zero, quarantineBytes, largeEvery, guardSlabEvery);
    }

    /** Guard pages around every {@code largeEvery}th large block and every {@code slabEvery}th new slab (0: none). */
    public SafetyOptions withGuardPages(int largeEvery, int slabEvery) {
        return new SafetyOptions(junk, zero, quarantineBytes, largeEvery, slabEvery);
    }

    /** Whether the use-after-free check is on. */
    public boolean useAfterFreeCheck() {
        return quarantineBytes >= 0;
    }

    /** Whether every call must take the checked path. */
    boolean perCall() {
        return junk || zero || useAfterFreeCheck();
    }
}
