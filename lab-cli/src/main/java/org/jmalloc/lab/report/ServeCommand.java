package org.jmalloc.lab.report;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jmalloc.lab.history.StoreOptions;
import org.jmalloc.results.report.SiteServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lab serve}: serves the built report on the loopback address until interrupted. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        header = "Serve the HTML report on http://127.0.0.1:PORT/ (this machine only) until Ctrl-C.",
        description = {
            "Serves the site that ./lab report wrote, on the loopback address only: other machines cannot connect"
                    + " (reach it from elsewhere through an SSH tunnel, ssh -L 8080:127.0.0.1:8080 HOST). Answers"
                    + " carry Jenkins' default content security policy, so the pages look as they will in Jenkins.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./lab report && ./lab serve",
            "  ./lab serve --port 9000 --site target/site",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by Ctrl-C",
            "1:there is no report to serve, or the port cannot be used",
            "2:invalid command line"})
public final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "P", defaultValue = "8080",
            description = "The port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--site", paramLabel = "DIR",
            description = "The site to serve (default: results/site/ of the source tree, as ./lab report writes it).")
    Path site;

    @Override
    public Integer call() {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port " + port + " is not a port: use 0 to 65535");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = site != null ? site : StoreOptions.sourceRoot().resolve(ReportCommand.DEFAULT_SITE);
        SiteServer server;
        try {
            server = SiteServer.start(dir, port);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("lab serve: " + e.getMessage());
            err.flush();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "lab-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("serving " + dir + " at " + server.uri() + " (this machine only; Ctrl-C stops)");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook runs or ran
            }
        }
        return 0;
    }
}
