package org.deepraster.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.deepraster.tool.nms.NmsParameters;
import org.deepraster.tool.nms.NmsTool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nms}: Non Maximum Suppression from the command line. Exit codes: 0 done, 2 bad input. */
@Command(name = "nms", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Non Maximum Suppression: of features that overlap by more than --max_overlap_ratio (IoU),",
            "keep the most confident; within each class first, then across classes.",
            "Exit codes: 0 done, 2 bad input."})
public final class NmsCommand implements Callable<Integer> {

    @Option(names = {"--in_featureclass", "--in-featureclass", "--in_feature_class", "--in-feature-class"},
            required = true, paramLabel = "FEATURES",
            description = "Input features (.gpkg, .shp, .geojson); 'file.gpkg|table' names a GeoPackage table.")
    String in;

    @Option(names = {"--confidence_score_field", "--confidence-score-field"}, defaultValue = "Confidence",
            description = "Numeric field holding the confidence (default ${DEFAULT-VALUE}).")
    String confidence;

    @Option(names = {"--out_featureclass", "--out-featureclass", "--out_feature_class", "--out-feature-class"},
            required = true, paramLabel = "OUTPUT", description = "Output .gpkg (default), .geojson, .shp or .csv.")
    Path out;

    @Option(names = {"--class_value_field", "--class-value-field"},
            description = "Field of the class; without it all features are one class.")
    String classField;

    @Option(names = {"--max_overlap_ratio", "--max-overlap-ratio"}, defaultValue = "0",
            description = "Intersection over union above which the less confident feature goes (default ${DEFAULT-VALUE}).")
    double ratio;

    @Option(names = {"--overwrite"}, description = "Replace an existing output.")
    boolean overwrite;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        NmsTool.Result r = new NmsTool().run(parameters());
        spec.commandLine().getOut().println(r.describe());
        spec.commandLine().getOut().println("Output: " + r.output() + " (table " + r.table() + ")");
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The parameters record of the options ('file.gpkg|table' names a GeoPackage table). */
    NmsParameters parameters() {
        String path = in;
        String table = null;
        int bar = path.lastIndexOf('|');
        if (bar > 0) {
            table = path.substring(bar + 1);
            path = path.substring(0, bar);
        }
        return new NmsParameters(Path.of(path), table, confidence, out, classField, ratio, overwrite);
    }
}
