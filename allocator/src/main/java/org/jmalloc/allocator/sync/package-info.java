/** Synchronization primitives the layers share (the spin-then-park lock of bins and pages); depends on nothing but the JDK. */
package org.jmalloc.allocator.sync;
