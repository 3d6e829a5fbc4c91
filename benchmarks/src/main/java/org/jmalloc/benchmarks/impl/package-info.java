/** The implementations under test behind one slot-based interface, {@link org.jmalloc.benchmarks.impl.MemoryImpl}. */
package org.jmalloc.benchmarks.impl;
