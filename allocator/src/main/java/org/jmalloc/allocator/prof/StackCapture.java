package org.jmalloc.allocator.prof;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Captures the caller's stack with {@link StackWalker}, without the allocator's own frames: the
 * stack starts at the application frame that called into the allocator. Frames are compared by
 * class, method name and bytecode index; a stack seen before costs the walk and one table probe,
 * and only a new one builds its {@link Frame}s (file and line).
 *
 * <p>Allocator frames are those of classes loaded from the allocator's own code source whose
 * package is {@code org.jmalloc.allocator} or below, so that an application (or a test) in the
 * same package still shows as the caller. At most {@link #MAX_DEPTH} frames are kept.
 */
final class StackCapture {

    static final int MAX_DEPTH = 64;

    private static final StackWalker WALKER =
            StackWalker.getInstance(Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE));
    private static final Object HOME = codeSource(StackCapture.class);
    private static final ClassValue<Boolean> INTERNAL = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return type.getPackageName().startsWith("org.jmalloc.allocator")
                    && java.util.Objects.equals(codeSource(type), HOME);
        }
    };
    private static final Function<Stream<StackWalker.StackFrame>, List<StackWalker.StackFrame>> USER_FRAMES =
            s -> s.dropWhile(f -> INTERNAL.get(f.getDeclaringClass())).limit(MAX_DEPTH).toList();

    private StackCapture() {
    }

    /** The raw frames of the current call, application frames only, innermost first. */
    static List<StackWalker.StackFrame> walk() {
        return WALKER.walk(USER_FRAMES);
    }

    /** A key that identifies a stack: equal for the same call path. */
    static Key key(List<StackWalker.StackFrame> frames) {
        int n = frames.size();
        Class<?>[] classes = new Class<?>[n];
        String[] methods = new String[n];
        int[] bcis = new int[n];
        for (int i = 0; i < n; i++) {
            StackWalker.StackFrame f = frames.get(i);
            classes[i] = f.getDeclaringClass();
            methods[i] = f.getMethodName();
            bcis[i] = f.getByteCodeIndex();
        }
        return new Key(classes, methods, bcis);
    }

    /** The frames of a stack, innermost first, for a stack seen the first time. */
    static List<Frame> frames(List<StackWalker.StackFrame> frames) {
        List<Frame> out = new ArrayList<>(frames.size());
        for (StackWalker.StackFrame f : frames) {
            out.add(new Frame(f.getClassName(), f.getMethodName(), f.getFileName(), f.getLineNumber()));
        }
        return List.copyOf(out);
    }

    private static Object codeSource(Class<?> type) {
        var domain = type.getProtectionDomain();
        var source = domain == null ? null : domain.getCodeSource();
        return source == null ? null : source.getLocation();
    }

    /** Class identities, method names and bytecode indices of a stack's frames. */
    static final class Key {
        private final Class<?>[] classes;
        private final String[] methods;
        private final int[] bcis;
        private final int hash;

        Key(Class<?>[] classes, String[] methods, int[] bcis) {
            this.classes = classes;
            this.methods = methods;
            this.bcis = bcis;
            int h = Arrays.hashCode(bcis);
            for (int i = 0; i < classes.length; i++) {
                h = h * 31 + System.identityHashCode(classes[i]);
                h = h * 31 + methods[i].hashCode();
            }
            this.hash = h;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key k) || k.hash != hash || !Arrays.equals(k.bcis, bcis)) {
                return false;
            }
            for (int i = 0; i < classes.length; i++) {
                if (classes[i] != k.classes[i] || !methods[i].equals(k.methods[i])) {
                    return false;
                }
            }
            return true;
        }
    }
}
