package org.jmalloc.allocator.telemetry;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** One range of unused pages given back to the OS: {@code madvise(MADV_FREE)} or {@code madvise(MADV_DONTNEED)}. */
@Name("org.jmalloc.Purge")
@Label("Purge")
@Category({"jmalloc", "Memory"})
@Description("Unused pages returned to the OS by decay, purge() or the mapping limit; the duration is the madvise call's.")
@StackTrace(false)
public final class PurgeEvent extends jdk.jfr.Event {

    @Label("Allocator")
    String allocator;

    @Label("Address")
    @MemoryAddress
    long address;

    @Label("Size")
    @DataAmount
    long size;

    @Label("Lazy")
    @Description("MADV_FREE (the OS may take the pages later) rather than MADV_DONTNEED")
    boolean lazy;
}
