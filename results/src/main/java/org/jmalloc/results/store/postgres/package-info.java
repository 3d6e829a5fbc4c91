/** The shared history: the same rows in a PostgreSQL table, for teams whose build agents share one history. */
package org.jmalloc.results.store.postgres;
