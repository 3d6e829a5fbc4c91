/** Views of one gate result: console table, Markdown summary, JUnit XML, JSON. */
package org.jmalloc.guardrails.report;
