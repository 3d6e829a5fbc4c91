package org.jmalloc.stress.watchdog;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * A full dump of every live thread: state, the lock it waits for and who holds it, the full stack
 * with the monitors held at each frame, and the ownable synchronizers (e.g. {@code ReentrantLock})
 * it holds. {@link ThreadInfo#toString()} cuts stacks at eight frames, too few to see a deadlock
 * inside the allocator, so the dump is written here.
 */
public final class ThreadDump {

    private ThreadDump() {}

    /** Every live thread, and the JVM's own deadlock verdict first. */
    public static String all() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        StringBuilder out = new StringBuilder();
        long[] deadlocked = mx.findDeadlockedThreads();
        if (deadlocked != null) {
            out.append("JVM-detected deadlock among ").append(deadlocked.length).append(" threads\n");
        }
        for (ThreadInfo t : mx.dumpAllThreads(mx.isObjectMonitorUsageSupported(), mx.isSynchronizerUsageSupported())) {
            append(out, t);
        }
        return out.toString();
    }

    private static void append(StringBuilder out, ThreadInfo t) {
        out.append('"').append(t.getThreadName()).append("\" id=").append(t.getThreadId())
                .append(' ').append(t.getThreadState());
        if (t.getLockName() != null) {
            out.append(" on ").append(t.getLockName());
        }
        if (t.getLockOwnerName() != null) {
            out.append(" owned by \"").append(t.getLockOwnerName()).append("\" id=").append(t.getLockOwnerId());
        }
        out.append('\n');
        StackTraceElement[] stack = t.getStackTrace();
        MonitorInfo[] monitors = t.getLockedMonitors();
        for (int i = 0; i < stack.length; i++) {
            out.append("    at ").append(stack[i]).append('\n');
            for (MonitorInfo m : monitors) {
                if (m.getLockedStackDepth() == i) {
                    out.append("    - locked ").append(m).append('\n');
                }
            }
        }
        LockInfo[] synchronizers = t.getLockedSynchronizers();
        if (synchronizers.length > 0) {
            out.append("    holds synchronizers:");
            for (LockInfo l : synchronizers) {
                out.append(' ').append(l);
            }
            out.append('\n');
        }
        out.append('\n');
    }
}
