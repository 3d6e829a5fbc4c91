/**
 * Where the history lives: {@link org.jmalloc.results.store.HistoryStore} and its CSV and PostgreSQL
 * implementations, which pass one contract test suite.
 */
package org.jmalloc.results.store;
