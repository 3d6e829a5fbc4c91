/** The machinery behind {@code Allocator.control()}: named entries, their types and access, and name suggestions. */
package org.jmalloc.allocator.control;
