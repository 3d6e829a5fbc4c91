/** The OS layer: mapping, purging and unmapping memory, and the hardware facts the allocator sizes itself by. */
package org.jmalloc.allocator.os;
