package org.deepraster.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.deepraster.tool.Parameter;
import org.deepraster.tool.ParameterValues;
import org.deepraster.tool.ToolConsole;
import org.deepraster.tool.ToolSpec;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * A tool's command, generated from its {@link ToolSpec}: one picocli option per declared {@link Parameter} (the
 * ArcGIS name, its kebab-case alias and the declared aliases; the label, help, choices, range and default in the
 * help), parsed into {@link ParameterValues} and run by the spec. No option is written by hand.
 */
public final class ToolCommand implements Callable<Integer> {
    private final ToolSpec<?> tool;
    private final CommandSpec spec;

    private ToolCommand(ToolSpec<?> tool) {
        this.tool = tool;
        this.spec = CommandSpec.wrapWithoutInspection(this);
        spec.name(tool.id());
        spec.mixinStandardHelpOptions(true);
        UsageMessageSpec usage = spec.usageMessage();
        usage.description(tool.description().toArray(String[]::new));
        usage.sortOptions(false);
        for (Parameter p : tool.parameters()) {
            spec.addOption(option(p));
        }
        spec.addOption(OptionSpec.builder(ESTIMATE).type(boolean.class).arity("0")
                .description("Print a pre-run estimate (time and peak memory, from a calibration batch of this run"
                        + " written to a scratch folder) and exit; nothing is written to the outputs.").build());
    }

    /** The option that prints the estimate instead of running. */
    static final String ESTIMATE = "--estimate";

    /** The picocli command of {@code tool}. */
    public static CommandLine commandLine(ToolSpec<?> tool) {
        return new CommandLine(new ToolCommand(tool).spec);
    }

    /** The command's model, e.g. to add it as a subcommand. */
    public static CommandSpec spec(ToolSpec<?> tool) {
        return new ToolCommand(tool).spec;
    }

    /** Parses {@code args} (the options after the command name) as the command does, into values. */
    public static ParameterValues parse(ToolSpec<?> tool, String... args) {
        CommandSpec spec = spec(tool);
        new CommandLine(spec).parseArgs(args);
        return values(tool, spec);
    }

    static OptionSpec option(Parameter p) {
        OptionSpec.Builder b = OptionSpec.builder(p.optionNames())
                .description(p.helpLine().replace("%", "%%"))
                .required(p.required());
        if (p.type() == Parameter.Type.FLAG) {
            b.type(boolean.class).arity("0");
        } else if (p.separator() != null) {
            b.type(List.class).auxiliaryTypes(String.class).splitRegex(java.util.regex.Pattern.quote(p.separator()))
                    .splitRegexSynopsisLabel(p.separator()).paramLabel(p.valueLabelOrDefault());
        } else {
            b.type(String.class).paramLabel(p.valueLabelOrDefault());
        }
        return b.build();
    }

    /** The values of the options given on the command line (defaults stay the declarations'). */
    static ParameterValues values(ToolSpec<?> tool, CommandSpec spec) {
        ParameterValues v = tool.newValues();
        for (Parameter p : tool.parameters()) {
            OptionSpec o = spec.findOption(p.option());
            if (o == null || !spec.commandLine().getParseResult().hasMatchedOption(o)) {
                continue;
            }
            Object value = o.getValue();
            if (p.type() == Parameter.Type.FLAG) {
                v.flag(p.name(), Boolean.TRUE.equals(value));
            } else if (value instanceof List<?> l) {
                v.set(p.name(), String.join(p.separator(), l.stream().map(Object::toString).toList()));
            } else {
                v.set(p.name(), value);
            }
        }
        return v;
    }

    @Override
    public Integer call() throws IOException {
        ParameterValues v = values(tool, spec);
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        if (spec.commandLine().getParseResult().hasMatchedOption(ESTIMATE)) {
            return estimate(tool, v, out, err);
        }
        return run(tool, v, out, err);
    }

    /**
     * Prints {@code tool}'s estimate for {@code values} ({@link ToolSpec#estimate}): 0 with one "Estimate: …" line on
     * standard output, 2 (a line on standard error) when the tool gives none.
     */
    static <P> int estimate(ToolSpec<P> tool, ParameterValues values, PrintWriter out, PrintWriter err) throws IOException {
        P p = tool.parameters(values);
        try (org.deepraster.inference.InferenceEngine engine = new org.deepraster.inference.InferenceEngine()) {
            org.deepraster.tool.RunEstimate[] e = new org.deepraster.tool.RunEstimate[1];
            int code = CancelOnInterrupt.run(cancel -> {
                e[0] = tool.estimate(p, engine, cancel);
                return cancel.cancelled ? 130 : 0;
            });
            if (code != 0) {
                return code;
            }
            if (e[0] == null) {
                err.println(tool.title() + " gives no estimate (it runs no model).");
                err.flush();
                return 2;
            }
            out.println(e[0].line());
            out.flush();
            return 0;
        }
    }

    /** Runs {@code tool} with {@code values} as its command does (Ctrl-C cancels; see {@link CancelOnInterrupt}). */
    static <P> int run(ToolSpec<P> tool, ParameterValues values, PrintWriter out, PrintWriter err) throws IOException {
        P p = tool.parameters(values);
        return CancelOnInterrupt.run(cancel -> tool.run(p, new ToolConsole(out, err, System.console() != null, cancel)));
    }
}
