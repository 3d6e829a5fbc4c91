/** Helpers of {@code lab stress}: option converters and the workload listing. */
package org.jmalloc.lab.stress;
