package org.deepraster.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.deepraster.tool.CommandLines;
import org.deepraster.tool.JobFile;
import org.deepraster.tool.ToolSpec;
import org.deepraster.tool.registry.ToolRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code run JOB.json}: runs the tool a job file names with its parameters, exactly as its command would. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a job file: {\"tool\": \"detect-objects\", \"parameters\": {\"in_raster\": \"ortho.tif\", ...}}.",
            "Parameter names are the tool's options without the dashes (ArcGIS names); a dialog's Save job... writes one.",
            "Exit codes: those of the tool's command (0 done, 1 some items failed, 2 bad input, 130 cancelled)."})
public final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "JOB", description = "The job file (.json).")
    Path job;

    @Option(names = {"--print-command", "--print_command"},
            description = "Print the equivalent deepraster command line and exit without running.")
    boolean printCommand;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        JobFile j = JobFile.read(job, ToolRegistry::find);
        ToolSpec<?> tool = ToolRegistry.find(j.tool());
        PrintWriter out = spec.commandLine().getOut();
        if (printCommand) {
            out.println(CommandLines.text(tool, j.values()));
            out.flush();
            return 0;
        }
        return ToolCommand.run(tool, j.values(), out, spec.commandLine().getErr());
    }
}
