package org.jmalloc.results.store;

/** The history cannot be read or written; the message says where, why and what to do. */
public class HistoryException extends RuntimeException {

    public HistoryException(String message) {
        super(message);
    }

    public HistoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
