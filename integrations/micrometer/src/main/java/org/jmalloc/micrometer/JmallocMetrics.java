package org.jmalloc.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Objects;
import org.jmalloc.allocator.Allocator;
import org.jmalloc.allocator.Control;

/**
 * Binds an allocator's stats to a Micrometer registry, so Prometheus, OTLP and every other
 * registry export them like any other metric. Every meter is tagged {@code allocator=<name>}.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>meter</th><th>type</th><th>control name</th></tr>
 *   <tr><td>{@code jmalloc.allocated}, {@code .active}, {@code .metadata}, {@code .resident},
 *       {@code .mapped}, {@code .retained}</td><td>gauge, bytes</td><td>{@code stats.<same>}</td></tr>
 *   <tr><td>{@code jmalloc.arenas}</td><td>gauge</td><td>{@code arenas.count}</td></tr>
 *   <tr><td>{@code jmalloc.threads}</td><td>gauge</td><td>{@code stats.threads.count}</td></tr>
 *   <tr><td>{@code jmalloc.threads.allocated}, {@code jmalloc.threads.deallocated}</td><td>gauge, bytes</td>
 *       <td>{@code stats.threads.allocated}, {@code .deallocated} (live threads, summed)</td></tr>
 *   <tr><td>{@code jmalloc.tcache.hits}, {@code .misses}, {@code .fills}, {@code .flushes}</td><td>gauge</td>
 *       <td>{@code stats.tcache.<same>} (live threads: they drop when a thread ends)</td></tr>
 *   <tr><td>{@code jmalloc.purges}; {@code jmalloc.purged}</td><td>counter; counter, bytes</td>
 *       <td>{@code stats.purges}, {@code stats.purged_bytes}</td></tr>
 *   <tr><td>{@code jmalloc.prof.samples}</td><td>gauge</td><td>{@code prof.live_samples}</td></tr>
 * </table>
 *
 * <p>A registry polls each meter separately; the binder reads them all from one stats snapshot
 * (it advances the control namespace's {@code epoch}) at most once per {@code refresh} interval,
 * default one second, so one scrape costs one snapshot. The allocator must stay open while the
 * registry polls; after {@code close()} the meters read {@code NaN} (gauges) or their last values.
 */
public final class JmallocMetrics implements MeterBinder {

    private static final String[] BYTE_GAUGES = {"allocated", "active", "metadata", "resident", "mapped", "retained"};

    private final Control control;
    private final Tags tags;
    private final long refreshNanos;
    private long refreshedAt;
    private boolean refreshedOnce;

    /** Binds {@code allocator}'s meters tagged {@code allocator=name}. */
    public JmallocMetrics(Allocator allocator, String name) {
        this(allocator, name, Tags.empty(), Duration.ofSeconds(1));
    }

    /**
     * @param extraTags tags added to every meter besides {@code allocator=name}
     * @param refresh how old the shared snapshot may be before a poll takes a new one
     */
    public JmallocMetrics(Allocator allocator, String name, Iterable<Tag> extraTags, Duration refresh) {
        Objects.requireNonNull(allocator, "allocator");
        Objects.requireNonNull(name, "name");
        if (refresh.isNegative()) {
            throw new IllegalArgumentException("invalid refresh interval " + refresh + ": must not be negative");
        }
        this.control = allocator.control();
        this.tags = Tags.of(extraTags).and("allocator", name);
        this.refreshNanos = refresh.toNanos();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String g : BYTE_GAUGES) {
            gauge(registry, "jmalloc." + g, "stats." + g, BaseUnits.BYTES, description(g));
        }
        gauge(registry, "jmalloc.arenas", "arenas.count", null, "Arenas of the allocator");
        gauge(registry, "jmalloc.threads", "stats.threads.count", BaseUnits.THREADS,
                "Live threads with a thread cache of their own");
        gauge(registry, "jmalloc.threads.allocated", "stats.threads.allocated", BaseUnits.BYTES,
                "Bytes allocated by the live threads, summed");
        gauge(registry, "jmalloc.threads.deallocated", "stats.threads.deallocated", BaseUnits.BYTES,
                "Bytes freed by the live threads, summed");
        for (String c : new String[] {"hits", "misses", "fills", "flushes"}) {
            gauge(registry, "jmalloc.tcache." + c, "stats.tcache." + c, null, "Thread-cache " + c + " of the live threads");
        }
        counter(registry, "jmalloc.purges", "stats.purges", null, "madvise calls issued by decay or purge()");
        counter(registry, "jmalloc.purged", "stats.purged_bytes", BaseUnits.BYTES, "Bytes returned to the OS");
        gauge(registry, "jmalloc.prof.samples", "prof.live_samples", null, "Live heap-profile samples");
    }

    private void gauge(MeterRegistry registry, String meter, String name, String unit, String description) {
        Gauge.builder(meter, this, m -> m.read(name)).tags(tags).baseUnit(unit).description(description)
                .strongReference(true).register(registry);
    }

    private void counter(MeterRegistry registry, String meter, String name, String unit, String description) {
        FunctionCounter.builder(meter, this, m -> m.read(name)).tags(tags).baseUnit(unit).description(description)
                .register(registry);
    }

    /** One control name's value from the shared snapshot; NaN once the allocator is closed. */
    private synchronized double read(String name) {
        try {
            long now = System.nanoTime();
            if (!refreshedOnce || now - refreshedAt >= refreshNanos) {
                control.set("epoch", 1L);
                refreshedAt = now;
                refreshedOnce = true;
            }
            Object v = control.get(name);
            return v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).doubleValue();
        } catch (IllegalStateException closed) {
            return Double.NaN;
        }
    }

    private static String description(String stat) {
        return switch (stat) {
            case "allocated" -> "Usable bytes handed out and not returned";
            case "active" -> "Bytes of pages backing live allocations";
            case "metadata" -> "Bytes of allocator bookkeeping";
            case "resident" -> "Upper bound of the physically resident bytes";
            case "mapped" -> "Bytes of mapped pages usable without a fault";
            default -> "Mapped bytes returned to the OS (not resident)";
        };
    }
}
