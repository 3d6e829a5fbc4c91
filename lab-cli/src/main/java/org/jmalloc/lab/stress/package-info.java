/** {@code lab stress}: the stress workloads with integrity checks, and its option converters. */
package org.jmalloc.lab.stress;
