/** Integrity checks: block cookies, the shadow map of live blocks, cache-line ownership, stats invariants. */
package org.jmalloc.stress.check;
