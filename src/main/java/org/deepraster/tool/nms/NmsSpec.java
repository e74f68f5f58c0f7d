package org.deepraster.tool.nms;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.deepraster.tool.DeclaredTool;
import org.deepraster.tool.Parameter;
import org.deepraster.tool.Parameter.Type;
import org.deepraster.tool.ParameterValues;
import org.deepraster.tool.ToolConsole;

/** Non Maximum Suppression, declared with ArcGIS's parameter names. Exit codes: 0 done, 2 bad input. */
public final class NmsSpec extends DeclaredTool<NmsParameters> {
    public static final String ID = "nms";
    public static final String IN_FEATURES = "in_featureclass";
    public static final String CONFIDENCE_FIELD = "confidence_score_field";
    public static final String OUT_FEATURES = "out_featureclass";
    public static final String CLASS_FIELD = "class_value_field";
    public static final String MAX_OVERLAP = "max_overlap_ratio";
    public static final String MAX_CONTAINMENT = "max_containment_ratio";
    public static final String OVERWRITE = "overwrite";

    static final String DEFAULT_CONFIDENCE_FIELD = "Confidence";

    private static final List<Parameter> PARAMETERS = List.of(
            Parameter.of(IN_FEATURES, Type.FEATURES, "Input features",
                            "Input features (.gpkg, .shp, .geojson); 'file.gpkg|table' names a GeoPackage table.")
                    .withAliases("in_feature_class").asRequired().inGroup("Input"),
            Parameter.of(CONFIDENCE_FIELD, Type.TEXT, "Confidence score field", "Numeric field holding the confidence.")
                    .withDefault(DEFAULT_CONFIDENCE_FIELD).inGroup("Input"),
            Parameter.of(OUT_FEATURES, Type.OUTPUT_FILE, "Output features", "Output .gpkg (default), .geojson, .shp or .csv.")
                    .withAliases("out_feature_class").asRequired().inGroup("Output"),
            Parameter.of(CLASS_FIELD, Type.TEXT, "Class value field",
                    "Field of the class; without it all features are one class.").inGroup("Input"),
            Parameter.of(MAX_OVERLAP, Type.NUMBER, "Max overlap ratio",
                            "Intersection over union above which the less confident feature goes.")
                    .withDefault(0).inGroup("Parameters"),
            Parameter.of(MAX_CONTAINMENT, Type.NUMBER, "Max containment ratio",
                            "After NMS: a feature whose intersection with a bigger kept one exceeds this share of its"
                                    + " own area goes, whatever its class or confidence (Deepness's 'remove overlapping"
                                    + " detections'; Deepness uses its NMS IoU threshold). 1: off.")
                    .withDefault(1).withRange(0, 1).inGroup("Parameters"),
            Parameter.flag(OVERWRITE, "Overwrite", "Replace an existing output.").inGroup("Output"));

    /** The parameters record of the values ('file.gpkg|table' names a GeoPackage table). */
    public NmsSpec() {
        super(ID, "Non Maximum Suppression",
                List.of("Non Maximum Suppression: of features that overlap by more than --max_overlap_ratio (IoU),",
                "keep the most confident; within each class first, then across classes.",
                "Exit codes: 0 done, 2 bad input."),
                PARAMETERS);
    }

    @Override
    public NmsParameters parameters(ParameterValues v) {
        String path = v.required(IN_FEATURES);
        String table = null;
        int bar = path.lastIndexOf('|');
        if (bar > 0) {
            table = path.substring(bar + 1);
            path = path.substring(0, bar);
        }
        return new NmsParameters(Path.of(path), table, v.text(CONFIDENCE_FIELD), v.path(OUT_FEATURES),
                v.optional(CLASS_FIELD), v.number(MAX_OVERLAP), v.isOn(OVERWRITE), v.number(MAX_CONTAINMENT));
    }

    @Override
    public ParameterValues values(NmsParameters p) {
        return newValues()
                .set(IN_FEATURES, p.inFeatureClass() + (p.layer() == null ? "" : "|" + p.layer()))
                .set(CONFIDENCE_FIELD, DEFAULT_CONFIDENCE_FIELD.equals(p.confidenceScoreField()) ? null
                        : p.confidenceScoreField())
                .set(OUT_FEATURES, p.outFeatureClass())
                .set(CLASS_FIELD, p.classValueField())
                .set(MAX_OVERLAP, p.maxOverlapRatio() == 0 ? null : p.maxOverlapRatio())
                .set(MAX_CONTAINMENT, p.maxContainmentRatio() == 1 ? null : p.maxContainmentRatio())
                .flag(OVERWRITE, p.overwrite());
    }

    @Override
    public int run(NmsParameters p, ToolConsole console) throws IOException {
        NmsTool.Result r = new NmsTool().run(p);
        PrintWriter out = console.out();
        out.println(r.describe());
        out.println("Output: " + r.output() + " (table " + r.table() + ")");
        out.flush();
        return 0;
    }
}
