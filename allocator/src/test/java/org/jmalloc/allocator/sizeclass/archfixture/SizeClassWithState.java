package org.jmalloc.allocator.sizeclass.archfixture;

/**
 * Deliberately bad: public mutable state (a public static array and a public non-final field).
 * Only {@code AllocatorLayersFailTest} imports it, to prove the field rule reports both.
 */
public final class SizeClassWithState {

    public static final long[] TABLE = new long[4];

    public int counter;
}
