package org.jmalloc.stress.fault;

import java.util.concurrent.atomic.AtomicLong;
import org.jmalloc.allocator.os.OsMemory;
import org.jmalloc.stress.check.BlockCookie;
import org.jmalloc.stress.check.Violation;
import org.jmalloc.stress.check.ViolationLog;

/**
 * An {@link OsMemory} around another (normally {@link OsMemory#system()}) that makes chosen calls
 * fail and checks how the allocator uses the OS layer. Thread-safe.
 *
 * <p>Faults, chosen by a {@link FaultPlan}:
 * <ul>
 *   <li>{@code map} throws {@code OutOfMemoryError("mmap of <n> bytes failed: injected fault ...")},
 *       as the system layer does when the kernel refuses; the allocator must turn it into an
 *       {@code OutOfMemoryError} for the one request and stay consistent;
 *   <li>{@code purgeLazy} returns false (as on a kernel without {@code MADV_FREE}) and
 *       {@code purgeForced} throws {@code IllegalStateException}, as the system layer does when
 *       {@code madvise} fails.
 * </ul>
 *
 * <p>Checks, reported to the {@link ViolationLog} as {@link Violation.Kind#OS_CONTRACT} or
 * {@link Violation.Kind#LIMIT_EXCEEDED}: every address and size passed back is a multiple of the
 * page size and lies inside live mappings (a {@link MappingLedger}), and the bytes mapped never
 * exceed the allocator's {@code maxBytes}. A range that breaks the contract is not passed on to
 * the OS (unmapping memory we do not own could crash the JVM).
 */
public final class FaultInjectingOsMemory implements OsMemory {

    private static final long PHI = 0x9E3779B97F4A7C15L;

    private final OsMemory delegate;
    private final FaultPlan plan;
    private final ViolationLog log;
    private volatile long maxBytes;
    private volatile boolean armed = true;
    private final MappingLedger ledger = new MappingLedger();
    private final AtomicLong mapCalls = new AtomicLong();
    private final AtomicLong mapFaults = new AtomicLong();
    private final AtomicLong purgeCalls = new AtomicLong();
    private final AtomicLong purgeFaults = new AtomicLong();

    /**
     * @param delegate the OS layer that does the work
     * @param plan which calls fail
     * @param log where contract violations go
     */
    public FaultInjectingOsMemory(OsMemory delegate, FaultPlan plan, ViolationLog log) {
        this.delegate = delegate;
        this.plan = plan;
        this.log = log;
    }

    /**
     * Turns fault injection on or off (on from construction). The runner keeps it off while the
     * allocator is built, so that faults hit requests, where the allocator must survive them; calls
     * made while off are not numbered.
     */
    public void arm(boolean on) {
        armed = on;
    }

    /**
     * Checks from now on that the bytes mapped never exceed {@code maxBytes} (the allocator's
     * configured limit; 0 or {@code Long.MAX_VALUE} for none).
     */
    public void enforceLimit(long maxBytes) {
        this.maxBytes = maxBytes == Long.MAX_VALUE ? 0 : maxBytes;
    }

    @Override
    public long pageSize() {
        return delegate.pageSize();
    }

    @Override
    public long map(long size) {
        long call = armed ? mapCalls.incrementAndGet() : 0;
        if (call > 0 && (call == plan.failMapCall() || fails(plan.mapFailureRate(), call))) {
            mapFaults.incrementAndGet();
            throw new OutOfMemoryError("mmap of " + size + " bytes failed: injected fault (map call #" + call
                    + ", fault seed " + plan.seed() + ")");
        }
        if (size <= 0 || size % pageSize() != 0) {
            log.report(Violation.Kind.OS_CONTRACT, "map(" + size + "): size is not a positive multiple of the page size "
                    + pageSize());
        }
        long address = delegate.map(size);
        ledger.mapped(address, size);
        long now = ledger.mappedBytes();
        long limit = maxBytes;
        if (limit > 0 && now > limit) {
            log.report(Violation.Kind.LIMIT_EXCEEDED, String.format(
                    "map(%d) at 0x%x brought the bytes mapped from the OS to %d, above maxBytes %d",
                    size, address, now, limit));
        }
        return address;
    }

    @Override
    public void unmap(long address, long size) {
        if (contractHolds("unmap", address, size)) {
            delegate.unmap(address, size);
            ledger.unmapped(address, size);
        }
    }

    @Override
    public boolean adviseHugePages(long address, long size, boolean huge) {
        return contractHolds("adviseHugePages", address, size) && delegate.adviseHugePages(address, size, huge);
    }

    @Override
    public boolean purgeLazy(long address, long size) {
        if (!contractHolds("purgeLazy", address, size)) {
            return true;
        }
        long call = purgeCalls.incrementAndGet();
        if (armed && fails(plan.purgeFailureRate(), call)) {
            purgeFaults.incrementAndGet();
            return false;
        }
        return delegate.purgeLazy(address, size);
    }

    @Override
    public void purgeForced(long address, long size) {
        if (!contractHolds("purgeForced", address, size)) {
            return;
        }
        long call = purgeCalls.incrementAndGet();
        if (armed && fails(plan.purgeFailureRate(), call)) {
            purgeFaults.incrementAndGet();
            throw new IllegalStateException(String.format(
                    "madvise(0x%x, %d, MADV_DONTNEED) failed: injected fault (purge call #%d)", address, size, call));
        }
        delegate.purgeForced(address, size);
    }

    /** Bytes mapped from the OS now. */
    public long mappedBytes() {
        return ledger.mappedBytes();
    }

    /** Starts a window for {@link #windowPeakBytes()}. */
    public void openWindow() {
        ledger.openWindow();
    }

    /** The most bytes mapped at any moment since {@link #openWindow()}. */
    public long windowPeakBytes() {
        return ledger.windowPeak();
    }

    /** {@code unmap}/{@code purge} calls whose range spanned more than one mapping. */
    public long spanningCalls() {
        return ledger.spanningCalls();
    }

    /** {@code map} calls made while armed, failed ones included. */
    public long mapCalls() {
        return mapCalls.get();
    }

    /** {@code map} calls made to fail. */
    public long mapFaults() {
        return mapFaults.get();
    }

    /** {@code purgeLazy}/{@code purgeForced} calls made to fail. */
    public long purgeFaults() {
        return purgeFaults.get();
    }

    private boolean fails(double rate, long call) {
        if (rate <= 0) {
            return false;
        }
        long bits = BlockCookie.mix64(plan.seed() * PHI ^ call);
        return (bits >>> 11) * 0x1.0p-53 < rate;
    }

    private boolean contractHolds(String op, long address, long size) {
        long page = pageSize();
        if (address % page != 0 || size <= 0 || size % page != 0) {
            log.report(Violation.Kind.OS_CONTRACT, String.format(
                    "%s(0x%x, %d): address and size must be multiples of the page size %d", op, address, size, page));
            return false;
        }
        String problem = ledger.checkCovered(address, size);
        if (problem != null) {
            log.report(Violation.Kind.OS_CONTRACT, op + ": " + problem);
            return false;
        }
        return true;
    }
}
