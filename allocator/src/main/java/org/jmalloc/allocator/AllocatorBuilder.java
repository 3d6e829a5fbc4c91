package org.jmalloc.allocator;

import java.time.Duration;
import java.util.Objects;
import org.jmalloc.allocator.os.Hardware;
import org.jmalloc.allocator.os.OsMemory;
import org.jmalloc.allocator.os.Thp;

/**
 * Configures an {@link Allocator} ({@link Allocator#builder()}); every setting has a jemalloc-like
 * default. Each setter checks its own argument and throws {@link IllegalArgumentException} saying
 * what is allowed; {@link #build()} checks the settings against each other and the OS (for
 * example, a page size below the OS page). Not thread-safe; reusable: each {@code build()} makes a
 * new allocator.
 */
public final class AllocatorBuilder {

    int arenas;
    boolean threadCache = true;
    long threadCacheMaxSize = 32 * 1024;
    Duration dirtyDecay = Duration.ofSeconds(10);
    Duration muzzyDecay = Duration.ZERO;
    boolean backgroundPurge;
    long pageSize;
    long maxBytes = Long.MAX_VALUE;
    OsMemory osMemory;
    Hardware hardware;
    boolean freeMarks = true;
    TestFault testFault = TestFault.NONE;
    ProfilingOptions profiling;
    SafetyOptions safety = SafetyOptions.none();
    AllocationListener listener;
    String name;
    long hugeThreshold = 8L << 20;
    Thp thp = Thp.DEFAULT;

    AllocatorBuilder() {
    }

    /** Number of arenas; default 4 × CPUs. */
    public AllocatorBuilder arenas(int n) {
        if (n < 1 || n > 4096) {
            throw new IllegalArgumentException("invalid arena count " + n + ": must be between 1 and 4096");
        }
        this.arenas = n;
        return this;
    }

    /** Whether platform threads keep a cache of free blocks; default true. */
    public AllocatorBuilder threadCache(boolean on) {
        this.threadCache = on;
        return this;
    }

    /** The largest size kept in thread caches; default 32 KiB. */
    public AllocatorBuilder threadCacheMaxSize(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("invalid thread cache max size " + bytes + ": must be >= 0");
        }
        this.threadCacheMaxSize = bytes;
        return this;
    }

    /** How long unused dirty pages may stay before they are purged; default 10 s; 0 = at once; negative = never. */
    public AllocatorBuilder dirtyDecay(Duration d) {
        this.dirtyDecay = Objects.requireNonNull(d, "dirtyDecay");
        return this;
    }

    /** How long lazily purged pages stay before being released; default 0 (as jemalloc 5.3). */
    public AllocatorBuilder muzzyDecay(Duration d) {
        this.muzzyDecay = Objects.requireNonNull(d, "muzzyDecay");
        return this;
    }

    /** Whether a background thread drives decay; default false (decay runs on slow paths). */
    public AllocatorBuilder backgroundPurge(boolean on) {
        this.backgroundPurge = on;
        return this;
    }

    /**
     * The transparent-huge-page advice for every region the allocator maps ({@link Thp}: default,
     * always, never; jemalloc's {@code opt.thp}); default {@link Thp#DEFAULT}, no advice.
     */
    public AllocatorBuilder thp(Thp mode) {
        this.thp = Objects.requireNonNull(mode, "thp");
        return this;
    }

    /** The logical page size: a power of two at least the OS page (4K, 16K, 64K); default the OS page. */
    public AllocatorBuilder pageSize(long bytes) {
        if (bytes < 4096 || Long.bitCount(bytes) != 1 || bytes > (1L << 24)) {
            throw new IllegalArgumentException("invalid page size " + bytes
                    + ": must be a power of two from 4096 to 16777216");
        }
        this.pageSize = bytes;
        return this;
    }

    /** The most bytes the allocator may map from the OS; beyond it allocations throw OutOfMemoryError. */
    public AllocatorBuilder maxBytes(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("invalid maxBytes " + bytes + ": must be positive");
        }
        this.maxBytes = bytes;
        return this;
    }

    /** Where memory comes from; default {@link OsMemory#system()}. */
    public AllocatorBuilder osMemory(OsMemory os) {
        this.osMemory = Objects.requireNonNull(os, "osMemory");
        return this;
    }

    /**
     * The hardware facts to size the allocator by instead of the detected ones (the CPU count
     * sets the default number of arenas). The page size is set with {@link #pageSize(long)}.
     */
    public AllocatorBuilder hardware(Hardware facts) {
        this.hardware = Objects.requireNonNull(facts, "hardware");
        return this;
    }

    /**
     * Whether a freed block's first word is marked ({@code address ^ secret}) so that a double
     * free of a block still sitting in a thread cache is caught at once; default true. Off, free
     * and malloc touch no block memory — cheaper when blocks move between threads or have gone
     * cold — and such a double free goes unnoticed until the block reaches its slab's bitmap,
     * as in jemalloc's default (non-debug) build. Double frees of blocks that reached their slab
     * and of large blocks are caught either way.
     */
    public AllocatorBuilder freeMarks(boolean on) {
        this.freeMarks = on;
        return this;
    }

    /** Sampled heap profiling with {@link ProfilingOptions#defaults()} (on) or none (off, the default). */
    public AllocatorBuilder profiling(boolean on) {
        this.profiling = on ? ProfilingOptions.defaults() : null;
        return this;
    }

    /** Sampled heap profiling with these settings. */
    public AllocatorBuilder profiling(ProfilingOptions options) {
        this.profiling = Objects.requireNonNull(options, "profiling");
        return this;
    }

    /** Junk and zero filling, the use-after-free check, guard pages; default {@link SafetyOptions#none()}. */
    public AllocatorBuilder safety(SafetyOptions options) {
        this.safety = Objects.requireNonNull(options, "safety");
        return this;
    }

    /** An observer of every allocation and free (which then take the checked slow path); default none. */
    public AllocatorBuilder listener(AllocationListener l) {
        this.listener = Objects.requireNonNull(l, "listener");
        return this;
    }

    /** The name telemetry (JFR events, JMX, Micrometer) shows for this allocator; default {@code jmalloc-N}. */
    public AllocatorBuilder name(String n) {
        Objects.requireNonNull(n, "name");
        if (n.isBlank()) {
            throw new IllegalArgumentException("invalid allocator name \"" + n + "\": must not be blank");
        }
        this.name = n;
        return this;
    }

    /** Allocations at least this large are reported as JFR {@code org.jmalloc.HugeAllocation} events; default 8 MiB. */
    public AllocatorBuilder hugeThreshold(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("invalid huge threshold " + bytes + ": must be positive");
        }
        this.hugeThreshold = bytes;
        return this;
    }

    /** Whether every call must take the checked slow path (no thread caches). */
    boolean checkedPath() {
        return safety.perCall() || listener != null;
    }

    /** Test only: makes the allocator misbehave in a chosen way (see {@link TestFault}). */
    public AllocatorBuilder testFault(TestFault fault) {
        this.testFault = Objects.requireNonNull(fault, "testFault");
        return this;
    }

    /**
     * A new allocator with these settings.
     *
     * @throws IllegalArgumentException when the page size is below the OS page size
     */
    public Allocator build() {
        return new Allocator(this, false);
    }
}
