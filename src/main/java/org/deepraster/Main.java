package org.deepraster;

import java.awt.GraphicsEnvironment;
import org.deepraster.cli.InfoCommand;
import org.deepraster.cli.SampleSceneCommand;
import org.deepraster.cli.ToolCommand;
import org.deepraster.tool.ToolSpec;
import org.deepraster.tool.registry.ToolRegistry;
import org.deepraster.viewer.ViewerApp;
import java.util.logging.Logger;
import org.deepraster.util.Log;
import org.deepraster.util.UserException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The {@code deepraster} command. With no arguments it opens the viewer with the sample scene, or,
 * without a display, runs the same sample job headless.
 */
@Command(name = "deepraster", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Deep-learning imagery tools in an open map viewer.",
        subcommands = {ViewerCommand.class, DemoCommand.class, InfoCommand.class,
            SampleSceneCommand.class, org.deepraster.cli.SampleRiversCommand.class,
            org.deepraster.cli.RunCommand.class,
            BenchmarkCommand.class})
public final class Main implements Runnable {

    public static final String VERSION = ViewerApp.VERSION;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    private static final Logger LOG = Log.logger(Main.class);

    /** {@code --verbose}, before or after the command's name (inherited by every subcommand). */
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print DeepRaster's detailed log (FINE and up) and ONNX Runtime's warnings to standard error.")
    boolean verbose;

    /** Runs the command line and returns the exit code. */
    public static int run(String... args) {
        org.deepraster.util.DerbyLog.toLog();
        CommandLine cl = commandLine();
        if (args.length == 0) {
            return GraphicsEnvironment.isHeadless() ? cl.execute("demo") : cl.execute("viewer");
        }
        return cl.execute(args);
    }

    /**
     * The {@code deepraster} command line: every subcommand; the log configured (verbose when
     * {@code --verbose} is given anywhere) before a command runs; a {@link UserException} printed as
     * its message (exit code 2), any other failure as one line that says where the log is (exit code
     * 1; the stack trace is in the log, and on the terminal with {@code --verbose}).
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        for (ToolSpec<?> tool : ToolRegistry.tools()) {
            cl.addSubcommand(tool.id(), ToolCommand.commandLine(tool));
        }
        cl.setExecutionStrategy(parsed -> {
            Log.configure(verbose(parsed));
            LOG.fine(() -> "DeepRaster " + VERSION + " on Java " + System.getProperty("java.version") + ": deepraster "
                    + String.join(" ", parsed.originalArgs()));
            return new CommandLine.RunLast().execute(parsed);
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            String command = String.join(" ", parsed.originalArgs());
            if (!(ex instanceof UserException)) {
                // a full disk or an unwritable folder met outside the writers (staging, copying)
                ex = org.deepraster.util.WriteFailures.explain(ex, null).map(Exception.class::cast).orElse(ex);
            }
            if (ex instanceof UserException u) {
                Log.failure(LOG, "deepraster " + command + ": " + u.getMessage(), u);
                cmd.getErr().println(cmd.getColorScheme().errorText("Error: " + u.userMessage()));
                return 2;
            }
            Log.failure(LOG, "deepraster " + command + " failed unexpectedly", ex);
            cmd.getErr().println(cmd.getColorScheme().errorText("Error: unexpected failure (" + ex + "). " + Log.where()));
            return 1;
        });
        return cl;
    }

    /** Whether {@code --verbose} was given to the command or any of its subcommands. */
    private static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"DeepRaster " + VERSION};
        }
    }
}
