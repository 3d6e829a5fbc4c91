package org.jmalloc.allocator.telemetry;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** An allocation the allocator could not serve: the OS refused a mapping or {@code maxBytes} was reached. */
@Name("org.jmalloc.OutOfMemory")
@Label("Out of Memory")
@Category({"jmalloc", "Allocation"})
@Description("An allocation that failed with OutOfMemoryError; the allocator stays usable.")
@StackTrace(true)
public final class OutOfMemoryEvent extends jdk.jfr.Event {

    @Label("Allocator")
    String allocator;

    @Label("Requested Size")
    @DataAmount
    long requestedSize;

    @Label("Message")
    String message;
}
