package org.jmalloc.results.importer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import org.jmalloc.results.model.RunInfo;
import org.jmalloc.results.model.RunKind;

/**
 * What an importer is told about the run(s) in a file, beyond what the file itself says: by the command line, or
 * by {@code ./lab bench} and {@code ./lab stress} from the machine and the git checkout. Facts the file states
 * (the JDK and JVM flags in JMH's JSON, each row's time and commit in an Otava CSV) win over these.
 *
 * @param time when the run finished (null: the file's modification time)
 * @param commit git commit, empty when unknown
 * @param branch git branch, empty when unknown
 * @param kind why the run was made
 * @param hardwareProfile the machine's profile id
 * @param arch e.g. {@code amd64}
 * @param os e.g. {@code Linux 6.1.0}
 * @param cpus processors, 0 when unknown
 * @param jdk the JDK, when the file does not say
 * @param jvmFlags the JVM flags, when the file does not say
 */
public record RunMetadata(Instant time, String commit, String branch, RunKind kind, String hardwareProfile,
        String arch, String os, int cpus, String jdk, String jvmFlags) {

    /** The run of this metadata with the given id and time; JDK and JVM flags replaced where given (non-empty). */
    public RunInfo run(String runId, Instant finished, String fileJdk, String fileJvmFlags) {
        return new RunInfo(runId, finished, commit, branch, kind, hardwareProfile, arch, os, cpus,
                fileJdk.isEmpty() ? jdk : fileJdk, fileJvmFlags.isEmpty() ? jvmFlags : fileJvmFlags);
    }

    /** This metadata with another commit and branch. */
    public RunMetadata withCommit(String otherCommit, String otherBranch) {
        return new RunMetadata(time, otherCommit, otherBranch, kind, hardwareProfile, arch, os, cpus, jdk, jvmFlags);
    }

    /**
     * A run id that depends only on {@code content}, so the same file imported twice (or recorded by
     * {@code ./lab bench} and imported later) is the same run: {@code <prefix>-<first 12 hex digits of SHA-256>}.
     */
    public static String contentRunId(String prefix, byte[] content) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(content);
            return prefix + "-" + HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** {@link #contentRunId(String, byte[])} of a text. */
    public static String contentRunId(String prefix, String content) {
        return contentRunId(prefix, content.getBytes(StandardCharsets.UTF_8));
    }
}
