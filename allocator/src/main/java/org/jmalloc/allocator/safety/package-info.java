/**
 * Debug and hardening options: junk and zero filling, a use-after-free check over a quarantine of
 * freed blocks, guard pages. Public API: {@link org.jmalloc.allocator.safety.UseAfterFreeException}.
 */
package org.jmalloc.allocator.safety;
