/** The stress workloads, one allocation pattern per class, and their registry. */
package org.jmalloc.stress.workload;
