package org.deepraster.tool.assess;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.FeatureSchema;
import org.deepraster.feature.Features;
import org.deepraster.feature.Field;
import org.deepraster.feature.FieldType;
import org.deepraster.feature.VectorFiles;
import org.deepraster.geo.Crs;
import org.deepraster.tool.FeatureInput;
import org.deepraster.util.UserException;
import org.locationtech.jts.geom.Geometry;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * The vector inputs of an assessment of objects or detections, read and checked for
 * {@link AccuracyAssessmentTool#plan}: the results layer, the ground-truth layers (reprojected to
 * the results' CRS), the mode, the class fields of both sides, the confidence field and
 * thresholds of detections, and how objects are matched. Runs on the planning thread.
 */
final class VectorInputs {
    /** What the checks decided (matching is null for detections). */
    record Checked(FeatureCollection results, List<Feature> truths, AssessmentMode mode, String classField,
                   String truthClassField, ObjectMatching matching) {
    }

    static final List<String> RESULT_CLASS_FIELDS = List.of("ClassLabel", "Class", "class", "ClassName", "label");
    static final List<String> TRUTH_CLASS_FIELDS = List.of("class", "Class", "ClassLabel", "ClassName", "ClassValue", "label");

    private VectorInputs() {
    }

    /**
     * Reads the results and the ground truth (reprojected to the results' CRS), decides the mode
     * (when AUTO), the class fields and the matching, and checks them; adds what the user should
     * know to {@code warnings}. Throws {@link UserException}.
     */
    static Checked read(AccuracyAssessmentParameters p, List<String> warnings) throws IOException {
        FeatureCollection results = load(p.results(), warnings);
        CoordinateReferenceSystem crs = results.schema().crs();
        List<Feature> truths = new ArrayList<>();
        List<FeatureSchema> truthSchemas = new ArrayList<>();
        for (AssessmentInput in : p.groundTruth()) {
            FeatureCollection c = load(in, warnings);
            if (crs != null && c.schema().crs() != null && !Crs.same(crs, c.schema().crs())) {
                warnings.add(in.displayName() + " is reprojected from " + Crs.displayName(c.schema().crs()) + " to "
                        + Crs.displayName(crs) + ".");
                c = Features.reproject(c, crs);
            } else if ((crs == null) != (c.schema().crs() == null)) {
                warnings.add((crs == null ? p.results().displayName() : in.displayName())
                        + " has no CRS: the results and the ground truth are taken to be in the same coordinates.");
            }
            truthSchemas.add(c.schema());
            truths.addAll(c.features());
        }
        FeatureSchema rs = results.schema();
        AssessmentMode mode = p.mode();
        if (mode == AssessmentMode.AUTO) {
            if (rs.field(p.idField()).isPresent()) {
                mode = AssessmentMode.OBJECTS;
            } else if (rs.field(p.confidenceField()).isPresent()) {
                mode = mostlyNotBoxes(results.features()) ? AssessmentMode.INSTANCES : AssessmentMode.DETECTIONS;
            } else {
                mode = AssessmentMode.OBJECTS;
            }
        }
        boolean scored = mode == AssessmentMode.DETECTIONS || mode == AssessmentMode.INSTANCES;
        String classField = pick(rs, p.classField(), scored
                ? List.of("Class", "ClassLabel", "class", "ClassName", "label") : RESULT_CLASS_FIELDS,
                p.results().displayName(), "--class_field");
        String truthClassField = null;
        List<String> truthDefaults = new ArrayList<>();
        truthDefaults.add(classField);
        truthDefaults.addAll(TRUTH_CLASS_FIELDS);
        for (int i = 0; i < truthSchemas.size(); i++) {
            String f = pick(truthSchemas.get(i), p.groundTruthClassField(), truthDefaults,
                    p.groundTruth().get(i).displayName(), "--ground_truth_class_field");
            if (truthClassField == null) {
                truthClassField = f;
            } else if (!truthClassField.equalsIgnoreCase(f)) {
                throw new UserException("The ground-truth layers have different class fields: " + truthClassField + " and "
                        + f + ".", "Name the field with --ground_truth_class_field.");
            }
        }
        truthClassField = truthSchemas.get(0).field(truthClassField).orElseThrow().name();
        ObjectMatching matching = null;
        if (scored) {
            Field conf = rs.field(p.confidenceField()).orElseThrow(() -> new UserException(
                    "The detections " + p.results().displayName() + " have no confidence field '" + p.confidenceField() + "'.",
                    "Name it with --confidence_field. Fields: " + fieldNames(rs)));
            if (conf.type() != FieldType.REAL && conf.type() != FieldType.INTEGER) {
                throw new UserException("The confidence field '" + conf.name() + "' is not numeric.", "Choose a numeric field.");
            }
            if (!(p.iouThreshold() > 0 && p.iouThreshold() <= 1)) {
                throw new UserException("The IoU threshold " + p.iouThreshold() + " is not above 0 and at most 1.",
                        "It is the intersection over union at which a detection matches an object, e.g. 0.5.");
            }
            if (!Double.isFinite(p.confidenceThreshold())) {
                throw new UserException("The confidence threshold is not a number.", "Give e.g. 0 (all detections) or 50.");
            }
            requireAreas(results.features(), p.results().displayName(), true);
            requireAreas(truths, "the ground truth", false);
        } else {
            matching = p.matching();
            if (matching == ObjectMatching.AUTO) {
                matching = rs.field(p.idField()).isPresent() ? ObjectMatching.ID : ObjectMatching.GEOMETRY;
            }
            if (matching == ObjectMatching.ID) {
                if (rs.field(p.idField()).isEmpty()) {
                    throw new UserException("The results " + p.results().displayName() + " have no id field '" + p.idField()
                            + "' to match the ground truth by.", "Name it with --id_field, or match by geometry"
                            + " (--matching GEOMETRY). Fields: " + fieldNames(rs));
                }
                if (p.groundTruthIdField() != null) {
                    for (int i = 0; i < truthSchemas.size(); i++) {
                        FeatureSchema s = truthSchemas.get(i);
                        if (s.field(p.groundTruthIdField()).isEmpty()) {
                            throw new UserException("The ground truth " + p.groundTruth().get(i).displayName()
                                    + " has no field '" + p.groundTruthIdField() + "'.", "Fields: " + fieldNames(s));
                        }
                    }
                } else if (p.groundTruth().size() > 1) {
                    warnings.add("Matching by id with several ground-truth layers: their feature ids may repeat; the"
                            + " first layer's object wins.");
                }
            }
        }
        return new Checked(results, truths, mode, classField, truthClassField, matching);
    }

    /** True when more than half of the polygons are not axis-aligned rectangles (so: instance outlines, not boxes). */
    static boolean mostlyNotBoxes(List<Feature> fs) {
        long polygons = 0, notBoxes = 0;
        for (Feature f : fs) {
            Geometry g = f.geometry();
            if (g != null && !g.isEmpty() && g.getDimension() == 2) {
                polygons++;
                notBoxes += g.isRectangle() ? 0 : 1;
            }
        }
        return polygons > 0 && notBoxes * 2 > polygons;
    }

    private static void requireAreas(List<Feature> fs, String what, boolean results) {
        for (Feature f : fs) {
            Geometry g = f.geometry();
            if (g != null && !g.isEmpty() && g.getDimension() < 2) {
                throw new UserException("Detections are matched by intersection over union, but " + what
                        + " holds points or lines.", results
                        ? "Write the detections as boxes (Detect Objects' default output geometry, not CENTER_POINTS)."
                        : "Give ground truth as boxes or polygons.");
            }
        }
    }

    private static String pick(FeatureSchema s, String given, List<String> defaults, String what, String option) {
        if (given != null) {
            return s.field(given).map(Field::name).orElseThrow(() -> new UserException(
                    "No field '" + given + "' in " + what + ".", "Fields: " + fieldNames(s)));
        }
        for (String d : defaults) {
            Optional<Field> f = s.field(d);
            if (f.isPresent()) {
                return f.get().name();
            }
        }
        throw new UserException("Which field of " + what + " holds the class? None is named " + String.join(", ",
                new LinkedHashSet<>(defaults)) + ".", "Name it with " + option + ". Fields: " + fieldNames(s));
    }

    private static String fieldNames(FeatureSchema s) {
        return s.fields().isEmpty() ? "(none)" : String.join(", ", s.fields().stream().map(Field::name).toList());
    }

    private static FeatureCollection load(AssessmentInput in, List<String> warnings) throws IOException {
        FeatureInput fi = ((AssessmentInput.Features) in).input();
        if (fi instanceof FeatureInput.Layer l) {
            return l.features();
        }
        FeatureInput.File f = (FeatureInput.File) fi;
        List<FeatureCollection> layers = VectorFiles.open(f.path());
        FeatureCollection c;
        if (f.layer() == null) {
            if (layers.isEmpty()) {
                throw new UserException(f.path() + " holds no feature layer.", "Choose a file with features.");
            }
            c = layers.get(0);
            if (layers.size() > 1) {
                warnings.add(f.path().getFileName() + " has " + layers.size() + " layers; the first, " + c.schema().name()
                        + ", is used (name another as 'file.gpkg|layer').");
            }
        } else {
            c = layers.stream().filter(l -> l.schema().name().equalsIgnoreCase(f.layer())).findFirst()
                    .orElseThrow(() -> new UserException("No layer '" + f.layer() + "' in " + f.path() + ".",
                            "It has: " + String.join(", ", layers.stream().map(l -> l.schema().name()).toList())));
        }
        warnings.addAll(c.warnings());
        return c;
    }
}
