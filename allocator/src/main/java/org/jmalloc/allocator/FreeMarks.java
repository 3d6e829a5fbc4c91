package org.jmalloc.allocator;

/**
 * The free mark: a freed block's first word holds {@code address ^ secret} ({@code secret} random
 * and odd per allocator), so a second free of a block still sitting in a thread cache sees its mark
 * and is caught at once (the slab bitmap and the extent state catch the rest). malloc clears the
 * word. Only when the allocator is built with {@code freeMarks(true)} (the default); the callers
 * test that flag. A live block whose first word happens to equal its mark is misreported as free
 * with probability 2^-64 per write of that word.
 */
final class FreeMarks {

    private FreeMarks() {
    }

    static boolean isMarked(long address, long secret) {
        return RawMemory.word(address) == (address ^ secret);
    }

    static void mark(long address, long secret) {
        RawMemory.setWord(address, address ^ secret);
    }

    static void clear(long address) {
        RawMemory.setWord(address, 0L);
    }
}
