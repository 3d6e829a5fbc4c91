/** Slabs: page runs cut into equal regions, tracked by free bitmaps, grouped in per-size-class bins. */
package org.jmalloc.allocator.slab;
