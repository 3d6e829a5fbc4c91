/** The deadlock watchdog: progress tracking and full thread dumps. */
package org.jmalloc.stress.watchdog;
