package org.jmalloc.allocator.telemetry;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** An allocation the heap profiler sampled (one every 2^lg_prof_sample bytes on average). */
@Name("org.jmalloc.ProfileSample")
@Label("Heap Profile Sample")
@Category({"jmalloc", "Profiling"})
@Description("A sampled allocation: its size and the number of allocations it stands for (the unbiased weight).")
@StackTrace(true)
public final class ProfileSampleEvent extends jdk.jfr.Event {

    @Label("Allocator")
    String allocator;

    @Label("Address")
    @MemoryAddress
    long address;

    @Label("Usable Size")
    @DataAmount
    long usableSize;

    @Label("Weight")
    @Description("Allocations this sample stands for: 1 / (1 - exp(-size / 2^lg_prof_sample))")
    double weight;
}
