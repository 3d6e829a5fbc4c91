/** The CSV history store: month-sharded, append-only RFC 4180 files, written atomically under a file lock. */
package org.jmalloc.results.store.csv;
