package org.jmalloc.stress.check;

/**
 * One broken promise of the allocator found by a stress run, with what a person needs to find it
 * again: the block (address and size) or counter involved, the thread that saw it and the run's
 * seed.
 *
 * @param kind which check failed
 * @param message what was wrong, naming addresses in lowercase {@code 0x%x} and sizes in bytes
 * @param thread the name of the thread that found it
 * @param seed the seed of the run, for the replay command
 */
public record Violation(Kind kind, String message, String thread, long seed) {

    /** The checks a stress run makes; each constant says what it proves when it fails. */
    public enum Kind {
        /** A block's cookie changed between allocation and free: overlap, corruption or a bad realloc copy. */
        BAD_COOKIE("bad cookie"),
        /** Two live blocks of the sampled shadow map overlap. */
        OVERLAP("overlap"),
        /** {@code calloc} returned memory that is not zero. */
        NOT_ZEROED("not zeroed"),
        /** A block is not aligned as promised, or the allocator returned address 0. */
        MISALIGNED("misaligned"),
        /** {@code usableSize} is smaller than the request or disagrees with {@code sizeFor}. */
        USABLE_SIZE("usable size"),
        /** Blocks allocated by two different threads share a cache line. */
        SHARED_CACHE_LINE("shared cache line"),
        /** {@code stats()} broke {@code allocated <= active <= resident}, {@code active <= mapped} or the OS ledger. */
        STATS_INVARIANT("stats invariant"),
        /** The allocator called the OS layer outside its contract (unaligned or unmapped range). */
        OS_CONTRACT("os contract"),
        /** Memory still counted as allocated or mapped after everything was freed. */
        LEAK("leak"),
        /** The allocator mapped more than {@code maxBytes}. */
        LIMIT_EXCEEDED("limit exceeded"),
        /** After everything was freed the allocator still refused a request within its limit. */
        NOT_RECOVERED("not recovered"),
        /** An {@code OutOfMemoryError} whose message does not follow the API's wording. */
        OOM_MESSAGE("oom message"),
        /** The allocator threw where the API promises success. */
        UNEXPECTED_EXCEPTION("unexpected exception"),
        /** The run made no progress for the watchdog's timeout. */
        DEADLOCK("no progress");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** A short lowercase name for reports. */
        public String label() {
            return label;
        }
    }

    @Override
    public String toString() {
        return kind.label() + ": " + message + " [thread " + thread + ", seed " + seed + "]";
    }
}
