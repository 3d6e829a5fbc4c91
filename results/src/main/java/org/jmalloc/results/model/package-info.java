/** The history's value model: one {@link org.jmalloc.results.model.ResultRow} per measured figure, grouped into series. */
package org.jmalloc.results.model;
