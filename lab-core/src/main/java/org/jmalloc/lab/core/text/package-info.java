/**
 * The one text format of the project's reports, locale-independent: {@link org.jmalloc.lab.core.text.TextTable} for
 * aligned tables and {@link org.jmalloc.lab.core.text.Bytes} for byte sizes.
 */
package org.jmalloc.lab.core.text;
