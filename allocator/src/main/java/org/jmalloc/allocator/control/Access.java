package org.jmalloc.allocator.control;

/** What a control name allows: jemalloc's {@code r-}, {@code rw} and {@code -w} (an action). */
public enum Access {
    /** Read with {@code get}; {@code set} is refused. */
    READ_ONLY("r-"),
    /** Read with {@code get} and written with {@code set}. */
    READ_WRITE("rw"),
    /** An action run by {@code set}; {@code get} is refused. */
    WRITE_ONLY("-w");

    private final String mode;

    Access(String mode) {
        this.mode = mode;
    }

    /** jemalloc's notation, for the documentation table. */
    public String mode() {
        return mode;
    }

    public boolean readable() {
        return this != WRITE_ONLY;
    }

    public boolean writable() {
        return this != READ_ONLY;
    }
}
