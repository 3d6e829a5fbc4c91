package org.jmalloc.results.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The commit and branch a run measured. CI's own variables win (a CI checkout is often a detached head):
 * {@code GIT_COMMIT} and {@code BRANCH_NAME} or {@code GIT_BRANCH} (Jenkins); otherwise {@code git rev-parse} in
 * the source tree. Empty strings when neither knows (no git, not a checkout).
 *
 * @param commit the full commit hash
 * @param branch the branch name, empty for a detached head
 */
public record GitCheckout(String commit, String branch) {

    /** The checkout at {@code dir}, with {@code env} (normally {@link System#getenv()}) consulted first. */
    public static GitCheckout detect(Path dir, Map<String, String> env) {
        String commit = env.getOrDefault("GIT_COMMIT", "");
        if (commit.isBlank()) {
            commit = git(dir, "rev-parse", "HEAD");
        }
        String branch = env.getOrDefault("BRANCH_NAME", env.getOrDefault("GIT_BRANCH", ""));
        if (branch.isBlank()) {
            branch = git(dir, "rev-parse", "--abbrev-ref", "HEAD");
            if (branch.equals("HEAD")) {
                branch = "";
            }
        }
        return new GitCheckout(commit.strip(), branch.strip());
    }

    private static String git(Path dir, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "";
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).strip() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
