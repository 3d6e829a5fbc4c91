/** {@code lab info}: hardware facts, effective configuration, a self-check and a stats snapshot. */
package org.jmalloc.lab.info;
