package org.deepraster;

import java.awt.GraphicsEnvironment;
import org.deepraster.cli.InfoCommand;
import org.deepraster.cli.SampleSceneCommand;
import org.deepraster.cli.ToolCommand;
import org.deepraster.tool.ToolSpec;
import org.deepraster.tool.registry.ToolRegistry;
import org.deepraster.viewer.ViewerApp;
import org.deepraster.util.UserException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

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

    /** Runs the command line and returns the exit code. */
    public static int run(String... args) {
        org.deepraster.util.DerbyLog.silence();
        CommandLine cl = commandLine();
        if (args.length == 0) {
            return GraphicsEnvironment.isHeadless() ? cl.execute("demo") : cl.execute("viewer");
        }
        return cl.execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        for (ToolSpec<?> tool : ToolRegistry.tools()) {
            cl.addSubcommand(tool.id(), ToolCommand.commandLine(tool));
        }
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof UserException u) {
                cmd.getErr().println(cmd.getColorScheme().errorText("Error: " + u.userMessage()));
                return 2;
            }
            throw ex;
        });
        return cl;
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
