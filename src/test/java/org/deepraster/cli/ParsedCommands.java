package org.deepraster.cli;

import java.util.List;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataSpec;

/**
 * Parses a dialog's command line with the real command, for tests outside this package: the
 * parameters record the command would run with.
 */
public final class ParsedCommands {
    private ParsedCommands() {
    }

    /** {@code args} as a dialog's preview builds them: the subcommand first. */
    public static ExportTrainingDataParameters exportTrainingData(List<String> args) throws Exception {
        if (!"export-training-data".equals(args.get(0))) {
            throw new IllegalArgumentException("not export-training-data: " + args);
        }
        ExportTrainingDataSpec spec = new ExportTrainingDataSpec();
        return spec.parameters(ToolCommand.parse(spec, args.subList(1, args.size()).toArray(String[]::new)));
    }
}
