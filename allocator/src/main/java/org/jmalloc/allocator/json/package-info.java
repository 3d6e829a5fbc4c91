/** A small streaming JSON writer for the allocator's reports (the allocator has no runtime dependencies). */
package org.jmalloc.allocator.json;
