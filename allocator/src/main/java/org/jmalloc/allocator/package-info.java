/**
 * jmalloc's public API: {@link org.jmalloc.allocator.Allocator} (malloc/free over {@code long}
 * addresses and {@code MemorySegment}s), {@link org.jmalloc.allocator.ThreadHandle},
 * {@link org.jmalloc.allocator.Stats}.
 */
package org.jmalloc.allocator;
