/** jemalloc's size-class scheme: the formula, and per-page-size tables of small classes and slab shapes. */
package org.jmalloc.allocator.sizeclass;
