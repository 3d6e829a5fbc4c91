package org.jmalloc.benchmarks.impl;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.jmalloc.allocator.Allocator;
import org.jmalloc.allocator.ProfilingOptions;

/**
 * The implementations under test, by the name the benchmarks' {@code impl} parameter uses.
 *
 * <p>{@link #isNativeAnchor()} marks the native allocators that jmalloc's ratios are taken against.
 */
public enum Impl {
    /** jmalloc's raw {@code long} address API. */
    JMALLOC("jmalloc", false),
    /**
     * jmalloc's raw API with {@code Builder.freeMarks(false)}: no double-free mark written into freed
     * blocks (jemalloc's default safety level), to show what the mark costs.
     */
    JMALLOC_UNMARKED("jmalloc-unmarked", false),
    /**
     * jmalloc's raw API with sampled heap profiling on at jemalloc's default rate (a sample every
     * 512 KiB on average), to show what profiling costs.
     */
    JMALLOC_PROF("jmalloc-prof", false),
    /** jmalloc's {@code MemorySegment} API. */
    JMALLOC_SEGMENT("jmalloc-segment", false),
    /** The C library's malloc. */
    GLIBC("glibc", true),
    /** jemalloc from LWJGL's natives jar. */
    JEMALLOC("jemalloc", true),
    /** Debian's mimalloc. */
    MIMALLOC("mimalloc", true),
    /** Debian's tcmalloc (minimal). */
    TCMALLOC("tcmalloc", true),
    /** Netty's {@code PooledByteBufAllocator.DEFAULT}, direct buffers. */
    NETTY_POOLED("netty-pooled", false),
    /** Netty's {@code AdaptiveByteBufAllocator}, direct buffers. */
    NETTY_ADAPTIVE("netty-adaptive", false);

    private final String id;
    private final boolean nativeAnchor;

    Impl(String id, boolean nativeAnchor) {
        this.id = id;
        this.nativeAnchor = nativeAnchor;
    }

    /** The parameter value, e.g. {@code "netty-pooled"}. */
    public String id() {
        return id;
    }

    /** Whether this is one of the native allocators (glibc, jemalloc, mimalloc, tcmalloc). */
    public boolean isNativeAnchor() {
        return nativeAnchor;
    }

    /**
     * The implementation named {@code id}.
     *
     * @throws IllegalArgumentException naming the valid ids when {@code id} is none of them
     */
    public static Impl of(String id) {
        for (Impl impl : values()) {
            if (impl.id.equals(id)) {
                return impl;
            }
        }
        throw new IllegalArgumentException("unknown impl '" + id + "': expected one of "
                + Arrays.stream(values()).map(Impl::id).collect(Collectors.joining(", ")));
    }

    /**
     * Opens this implementation with {@code slots} empty slots; close it when done.
     *
     * @throws IllegalStateException when its native library is not installed; the message says how to install it
     *     (e.g. {@code "mimalloc not installed: apt-get install libmimalloc2.0 (...)"})
     */
    public MemoryImpl open(int slots) {
        if (slots <= 0) {
            throw new IllegalArgumentException("slots must be positive, not " + slots);
        }
        return switch (this) {
            case JMALLOC -> new JmallocMemory("jmalloc", slots, true);
            case JMALLOC_UNMARKED -> new JmallocMemory("jmalloc-unmarked", slots, false);
            case JMALLOC_PROF -> new JmallocMemory("jmalloc-prof", slots, Allocator.builder()
                    .profiling(profiling()));
            case JMALLOC_SEGMENT -> new JmallocSegmentMemory(slots);
            case GLIBC -> NativeMemory.glibc(slots);
            case JEMALLOC -> NativeMemory.jemalloc(slots);
            case MIMALLOC -> NativeMemory.mimalloc(slots);
            case TCMALLOC -> NativeMemory.tcmalloc(slots);
            case NETTY_POOLED -> NettyMemory.pooled(slots);
            case NETTY_ADAPTIVE -> NettyMemory.adaptive(slots);
        };
    }

    /**
     * jmalloc-prof's profiling: the default rate (a sample every 512 KiB), or {@code 2^n} bytes with
     * {@code -Djmalloc.bench.lgSample=n}, to price a sample at other rates; no leak report.
     */
    static ProfilingOptions profiling() {
        ProfilingOptions defaults = ProfilingOptions.defaults().withLeakReport(null);
        return defaults.withLgSample(Integer.getInteger("jmalloc.bench.lgSample", defaults.lgSample()));
    }

    /**
     * Opens this implementation for counting jmalloc's work over a fixed operation sequence
     * ({@link org.jmalloc.benchmarks.profile.WorkProbe}): configured as {@link #open(int)} configures it, but with
     * time-based decay off ({@code dirtyDecay} negative: pages are purged only by {@code purge()}) and no background
     * purger, so that its work counts depend on the calls alone, not on when they ran; and left out of the profiler's
     * timed counts. {@code null} for the implementations without work counts (everything but jmalloc's).
     */
    public MemoryImpl openForWorkCounts(int slots) {
        Duration never = Duration.ofNanos(-1);
        return switch (this) {
            case JMALLOC -> new JmallocMemory("jmalloc", slots, Allocator.builder().dirtyDecay(never), false);
            case JMALLOC_UNMARKED -> new JmallocMemory("jmalloc-unmarked", slots,
                    Allocator.builder().freeMarks(false).dirtyDecay(never), false);
            case JMALLOC_PROF -> new JmallocMemory("jmalloc-prof", slots, Allocator.builder()
                    .profiling(profiling()).dirtyDecay(never), false);
            case JMALLOC_SEGMENT -> new JmallocSegmentMemory(slots, Allocator.builder().dirtyDecay(never), false);
            default -> null;
        };
    }

    /**
     * Opens this implementation as {@link #open(int)} does, with its background purging switched on where it has any:
     * jmalloc's {@code Builder.backgroundPurge(true)} and jemalloc's {@code background_thread}; the others have none
     * (glibc, mimalloc, tcmalloc and Netty give memory back only from inside their own calls) and open as usual.
     *
     * @return the implementation, and whether a background purger runs for it
     */
    public Opened openWithBackgroundPurge(int slots) {
        return switch (this) {
            case JMALLOC -> new Opened(new JmallocMemory("jmalloc", slots,
                    org.jmalloc.allocator.Allocator.builder().backgroundPurge(true)), true);
            case JMALLOC_UNMARKED -> new Opened(new JmallocMemory("jmalloc-unmarked", slots,
                    org.jmalloc.allocator.Allocator.builder().freeMarks(false).backgroundPurge(true)), true);
            case JEMALLOC -> {
                NativeMemory memory = NativeMemory.jemalloc(slots);
                yield new Opened(memory, memory.startBackgroundPurge());
            }
            default -> new Opened(open(slots), false);
        };
    }

    /**
     * An implementation opened by {@link #openWithBackgroundPurge(int)}.
     *
     * @param memory the implementation
     * @param backgroundPurge whether a background thread purges its free memory
     */
    public record Opened(MemoryImpl memory, boolean backgroundPurge) {
    }

    @Override
    public String toString() {
        return id;
    }
}
