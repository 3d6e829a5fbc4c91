/**
 * Telemetry export: JFR events ({@code org.jmalloc.*}) for huge allocations, purges, allocation
 * failures and heap-profile samples, and the JMX view ({@link org.jmalloc.allocator.telemetry.AllocatorMXBean}).
 * Both come from the JDK (jdk.jfr, java.management): the allocator still has no runtime dependencies.
 */
package org.jmalloc.allocator.telemetry;
