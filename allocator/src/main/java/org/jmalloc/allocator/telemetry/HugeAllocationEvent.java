package org.jmalloc.allocator.telemetry;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** An allocation at or above the huge threshold ({@code AllocatorBuilder.hugeThreshold}, default 8 MiB). */
@Name("org.jmalloc.HugeAllocation")
@Label("Huge Allocation")
@Category({"jmalloc", "Allocation"})
@Description("An off-heap allocation of jmalloc at or above its huge threshold; the duration is the allocation's.")
@StackTrace(true)
public final class HugeAllocationEvent extends jdk.jfr.Event {

    @Label("Allocator")
    String allocator;

    @Label("Requested Size")
    @DataAmount
    long requestedSize;

    @Label("Usable Size")
    @DataAmount
    long usableSize;

    @Label("Address")
    @MemoryAddress
    long address;

    @Label("Arena")
    int arena;
}
