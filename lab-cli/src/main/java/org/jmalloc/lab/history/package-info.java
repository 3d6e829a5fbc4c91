/** {@code lab history}: the results history's commands, and the options that point any command at a history. */
package org.jmalloc.lab.history;
