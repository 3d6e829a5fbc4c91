package org.jmalloc.allocator.extent;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Heap sizes of the allocator's bookkeeping objects, for {@code stats.metadata}: HotSpot's layout
 * with compressed class pointers (a 12-byte object header, a 16-byte array header, objects padded
 * to 8 bytes) and 4- or 8-byte references as the running JVM uses them. {@code MetadataAccountingTest}
 * checks the figures against the bytes the JVM reports allocating ({@code getThreadAllocatedBytes}).
 */
public final class HeapBytes {

    /** Bytes of an object reference: 4 with compressed oops (heaps below 32 GiB), 8 otherwise. */
    public static final int REFERENCE = compressedOops() ? 4 : 8;
    private static final int ARRAY_HEADER = 16;

    private HeapBytes() {
    }

    /** Bytes of a {@code long[]} of {@code length} elements. */
    public static long longArray(long length) {
        return ARRAY_HEADER + 8 * length;
    }

    /** Bytes of an {@code int[]} of {@code length} elements. */
    public static long intArray(long length) {
        return align(ARRAY_HEADER + 4 * length);
    }

    /** Bytes of a {@code boolean[]} of {@code length} elements. */
    public static long booleanArray(long length) {
        return align(ARRAY_HEADER + length);
    }

    /** Bytes of an array of {@code length} references. */
    public static long referenceArray(long length) {
        return align(ARRAY_HEADER + REFERENCE * length);
    }

    /** {@code bytes} padded to the 8-byte object alignment. */
    public static long align(long bytes) {
        return (bytes + 7) & -8L;
    }

    private static boolean compressedOops() {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hotspot == null || Boolean.parseBoolean(hotspot.getVMOption("UseCompressedOops").getValue());
        } catch (RuntimeException | LinkageError e) {
            return true; // not HotSpot, or no management: the common layout
        }
    }
}
