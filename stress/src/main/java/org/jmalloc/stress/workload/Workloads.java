package org.jmalloc.stress.workload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The registry of workloads by name, in the order {@code all} runs them. */
public final class Workloads {

    /** The name that selects every workload. */
    public static final String ALL = "all";

    private static final Map<String, Supplier<Workload>> REGISTRY = new LinkedHashMap<>();

    static {
        register(Larson::new);
        register(Xmalloc::new);
        register(CacheScratch::new);
        register(CacheThrash::new);
        register(MStress::new);
        register(Sh6Bench::new);
        register(Sh8Bench::new);
        register(AllocTest::new);
        register(ReallocGrowShrink::new);
        register(BurstyTensor::new);
        register(Fragmentation::new);
        register(ThreadChurn::new);
        register(MemoryLimit::new);
    }

    private Workloads() {}

    private static void register(Supplier<Workload> factory) {
        REGISTRY.put(factory.get().name(), factory);
    }

    /** Every workload's name, in run order. */
    public static List<String> names() {
        return List.copyOf(REGISTRY.keySet());
    }

    /** A new instance of the workload with its default parameters. */
    public static Workload create(String name) {
        Supplier<Workload> factory = REGISTRY.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown workload '" + name + "': choose one of "
                    + String.join(", ", names()) + " or " + ALL);
        }
        return factory.get();
    }

    /**
     * The workloads a selection names: {@code all}, one name, or a comma-separated list.
     *
     * @throws IllegalArgumentException naming the unknown workload and the known ones
     */
    public static List<Workload> select(String selection) {
        List<Workload> chosen = new ArrayList<>();
        for (String part : selection.split(",")) {
            String name = part.trim();
            if (name.equals(ALL)) {
                names().forEach(n -> chosen.add(create(n)));
            } else {
                chosen.add(create(name));
            }
        }
        return chosen;
    }
}
