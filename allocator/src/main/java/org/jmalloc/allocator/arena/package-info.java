/** Arenas: independent heaps (bins plus pages) that threads are spread over to avoid lock contention. */
package org.jmalloc.allocator.arena;
