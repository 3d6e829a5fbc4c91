/** Statistics on per-fork samples: Hodges-Lehmann estimates, a seeded bootstrap, Holm's correction. */
package org.jmalloc.guardrails.stats;
