/** Thread caches: per-thread stacks of free blocks per size class, so most malloc/free calls take no lock. */
package org.jmalloc.allocator.tcache;
