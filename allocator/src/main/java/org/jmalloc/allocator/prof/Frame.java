package org.jmalloc.allocator.prof;

/**
 * One frame of a sampled allocation's stack.
 *
 * @param className the declaring class's binary name
 * @param methodName the method's name
 * @param fileName the source file, or null when unknown
 * @param line the source line, or a negative number when unknown
 */
public record Frame(String className, String methodName, String fileName, int line) {

    /** {@code pkg.Class.method}: the frame's name in collapsed stacks. */
    public String symbol() {
        return className + "." + methodName;
    }

    @Override
    public String toString() {
        return symbol() + "(" + (fileName == null ? "Unknown Source" : fileName) + (line >= 0 ? ":" + line : "") + ")";
    }
}
