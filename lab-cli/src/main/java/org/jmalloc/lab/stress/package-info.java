/** Option converters of {@code lab stress}. */
package org.jmalloc.lab.stress;
