/** The results history of the lab: what every benchmark and stress run measured, kept so it is never lost. */
package org.jmalloc.results;
