/** Locale-independent text output for the lab's reports: byte sizes and aligned tables. */
package org.jmalloc.lab.text;
