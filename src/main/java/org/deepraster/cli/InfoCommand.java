package org.deepraster.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.deepraster.inference.ModelDescription;
import org.deepraster.model.ModelDefinition;
import org.deepraster.model.ModelDefinitions;
import org.deepraster.util.UserException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code info MODEL}: describes a model (.emd, .dlpk, .onnx or JSON string) and checks it against its
 * ONNX file. Exit code 0 when the model can run, 1 when it cannot (bad definition, wrong framework,
 * mismatched tensors), 2 for usage errors (picocli).
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Describe a deep-learning model (.emd, .dlpk, .onnx or a JSON string) and check it.")
public final class InfoCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "Model definition: .emd, .dlpk, .onnx or JSON string.")
    String model;

    @Option(names = {"--strict"}, description = "Fail at the first problem instead of describing what can be read.")
    boolean strict;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            ModelDefinition d = ModelDefinitions.load(model, strict ? ModelDefinitions.Options.strict()
                    : ModelDefinitions.Options.inspect());
            ModelDescription desc = ModelDescription.describe(d);
            out.print(desc.text());
            out.flush();
            if (desc.check() == null || desc.hasErrors() || hasIgnoredErrors(d)) {
                err.println("The model cannot be run as it is (see the warnings and checks above).");
                err.flush();
                return 1;
            }
            return 0;
        } catch (UserException e) {
            org.deepraster.util.Log.failure(org.deepraster.util.Log.logger(InfoCommand.class), "info " + model + ": " + e.getMessage(), e);
            err.println("Error: " + e.getMessage());
            if (!e.hint().isEmpty()) {
                err.println(e.hint());
            }
            err.flush();
            return 1;
        }
    }

    private static boolean hasIgnoredErrors(ModelDefinition d) {
        return d.warnings().stream().anyMatch(w -> w.startsWith("error"));
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new InfoCommand()).execute(args));
    }
}
