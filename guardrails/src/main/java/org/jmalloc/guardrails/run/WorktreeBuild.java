package org.jmalloc.guardrails.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A revision checked out in a temporary {@code git worktree} and built there ({@code mvn -q -DskipTests -pl benchmarks
 * -am package}), so the developer's tree is never touched: the gate's baseline, and {@code lab bisect}'s candidates.
 * {@link #close()} removes the worktree.
 *
 * @param repo the repository the worktree belongs to
 * @param dir the worktree
 * @param revision the commit checked out
 */
public record WorktreeBuild(Path repo, Path dir, Revision revision) implements AutoCloseable {

    /** Checks out {@code revision} under {@code parent} and builds the allocator and benchmarks jars there. */
    public static WorktreeBuild create(Path repo, Revision revision, Path parent, PrintWriter out)
            throws IOException, InterruptedException {
        Files.createDirectories(parent);
        Path dir = Files.createTempDirectory(parent, "rev-" + Revision.shortId(revision.commit()) + "-");
        Files.delete(dir);
        Processes.git(repo, "worktree", "add", "--detach", dir.toString(), revision.commit());
        WorktreeBuild build = new WorktreeBuild(repo, dir, revision);
        try {
            build.build(out);
        } catch (IOException | InterruptedException | RuntimeException e) {
            build.close();
            throw e;
        }
        return build;
    }

    private void build(PrintWriter out) throws IOException, InterruptedException {
        List<String> mvn = Builds.packageCommand();
        out.println("gate: building " + revision.label() + " in a temporary worktree: "
                + String.join(" ", mvn));
        out.flush();
        Path log = dir.resolve("build.log");
        Processes.Result r = Processes.run(dir, mvn, log, line -> { });
        if (r.exit() != 0) {
            throw new IOException("building " + revision.label() + " failed (mvn exit " + r.exit()
                    + "); last lines:\n" + tail(r.lines()));
        }
    }

    /** The baseline's allocator jar. */
    public Path allocatorJar() throws IOException {
        return Builds.allocatorJar(dir);
    }

    /** The baseline's own benchmarks jar (used only when the candidate's benchmarks cannot link to it). */
    public Path benchmarksJar() {
        return dir.resolve("benchmarks/target/benchmarks.jar");
    }

    @Override
    public void close() throws IOException {
        try {
            Processes.git(repo, "worktree", "remove", "--force", dir.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            if (Files.exists(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            try {
                Processes.git(repo, "worktree", "prune");
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static String tail(List<String> lines) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
