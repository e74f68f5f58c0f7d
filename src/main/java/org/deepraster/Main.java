package org.deepraster;

import java.awt.GraphicsEnvironment;
import java.util.LinkedHashMap;
import java.util.Map;
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
        description = "Deep-learning imagery tools in an open map viewer.")
public final class Main implements Runnable {

    public static final String VERSION = ViewerApp.VERSION;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    private static final Logger LOG = Log.logger(Main.class);

    /**
     * The commands other than the tools, by name, in the order {@code --help} lists them. Added as classes:
     * picocli builds a command's model (reflection over its annotations, about 0.4 s for all of them) only
     * when it is added, which {@link #run} does for the one command given.
     */
    private static final Map<String, Class<?>> COMMANDS = commands();

    private static Map<String, Class<?>> commands() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("viewer", ViewerCommand.class);
        m.put("demo", DemoCommand.class);
        m.put("info", InfoCommand.class);
        m.put("sample-scene", SampleSceneCommand.class);
        m.put("sample-rivers", org.deepraster.cli.SampleRiversCommand.class);
        m.put("run", org.deepraster.cli.RunCommand.class);
        m.put("benchmark", BenchmarkCommand.class);
        return m;
    }

    /** {@code --verbose}, before or after the command's name (inherited by every subcommand). */
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print DeepRaster's detailed log (FINE and up) and ONNX Runtime's warnings to standard error.")
    boolean verbose;

    /** Runs the command line and returns the exit code. */
    public static int run(String... args) {
        org.deepraster.util.DerbyLog.toLog();
        if (args.length == 0) {
            String command = GraphicsEnvironment.isHeadless() ? "demo" : "viewer";
            return commandLine(command).execute(command);
        }
        return commandLine(commandName(args)).execute(args);
    }

    /**
     * The command an argument list names: its first argument that is not an option (the top-level options,
     * {@code --verbose}, {@code --help}, {@code --version}, take no value), when it is a command's name;
     * otherwise null (no command, or an unknown one: every command is then built, for the usage or picocli's
     * "did you mean" message).
     */
    static String commandName(String... args) {
        for (String a : args) {
            if (!a.startsWith("-")) {
                boolean known = COMMANDS.containsKey(a) || ToolRegistry.tools().stream().anyMatch(t -> t.id().equals(a));
                return known ? a : null;
            }
        }
        return null;
    }

    /**
     * The {@code deepraster} command line: every subcommand; the log configured (verbose when
     * {@code --verbose} is given anywhere) before a command runs; a {@link UserException} printed as
     * its message (exit code 2), any other failure as one line that says where the log is (exit code
     * 1; the stack trace is in the log, and on the terminal with {@code --verbose}).
     */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /** The command line with only the named command (all of them when {@code only} is null). */
    static CommandLine commandLine(String only) {
        CommandLine cl = new CommandLine(new Main());
        COMMANDS.forEach((name, command) -> {
            if (only == null || only.equals(name)) {
                cl.addSubcommand(name, command);
            }
        });
        for (ToolSpec<?> tool : ToolRegistry.tools()) {
            if (only == null || only.equals(tool.id())) {
                cl.addSubcommand(tool.id(), ToolCommand.commandLine(tool));
            }
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
