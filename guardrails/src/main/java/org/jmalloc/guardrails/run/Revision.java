package org.jmalloc.guardrails.run;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A commit the gate compares, with the reason it was chosen.
 *
 * @param commit the full commit id
 * @param label how it reads in reports, e.g. {@code "3f2a1c0 (merge-base with main)"}
 */
public record Revision(String commit, String label) {

    /**
     * The baseline for {@code repo}: {@code requested} when given; else {@code HEAD} when the tree has uncommitted
     * changes (the change under test is the uncommitted one); else the merge-base of {@code HEAD} with {@code main}
     * (or {@code origin/main}), the commit a pull request starts from.
     *
     * @throws IOException naming the git error when the revision does not exist
     */
    public static Revision baseline(Path repo, String requested) throws IOException, InterruptedException {
        if (requested != null) {
            String commit = Processes.git(repo, "rev-parse", "--verify", requested + "^{commit}");
            return new Revision(commit, shortId(commit) + " (" + requested + ")");
        }
        if (dirty(repo)) {
            String commit = Processes.git(repo, "rev-parse", "HEAD");
            return new Revision(commit, shortId(commit) + " (HEAD: the tree has uncommitted changes)");
        }
        for (String main : new String[] {"main", "origin/main"}) {
            try {
                String commit = Processes.git(repo, "merge-base", "HEAD", main);
                return new Revision(commit, shortId(commit) + " (merge-base with " + main + ")");
            } catch (IOException e) {
                // try the next name
            }
        }
        throw new IOException("cannot choose a baseline: no branch 'main' or 'origin/main' in " + repo
                + "; pass --baseline REV");
    }

    /** The candidate: the working tree, labelled with {@code HEAD} and whether it has uncommitted changes. */
    public static Revision candidate(Path repo) throws IOException, InterruptedException {
        String commit = Processes.git(repo, "rev-parse", "HEAD");
        return new Revision(commit, shortId(commit) + (dirty(repo) ? " + uncommitted changes" : ""));
    }

    /** Whether tracked files differ from {@code HEAD} or untracked, not ignored files exist. */
    static boolean dirty(Path repo) throws IOException, InterruptedException {
        return !Processes.git(repo, "status", "--porcelain").isEmpty();
    }

    static String shortId(String commit) {
        return commit.substring(0, Math.min(7, commit.length()));
    }
}
