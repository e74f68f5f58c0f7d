package org.deepraster.tool.nms;

import org.deepraster.detection.NonMaxSuppression;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.feature.FeatureSchema;
import org.deepraster.feature.FeatureWriter;
import org.deepraster.feature.FeatureWriters;
import org.deepraster.feature.StagedOutput;
import org.deepraster.tool.OutputLock;
import org.deepraster.feature.Field;
import org.deepraster.feature.FieldType;
import org.deepraster.feature.VectorFiles;
import org.deepraster.feature.WriteMode;
import org.deepraster.util.UserException;

/**
 * The Non Maximum Suppression tool: reads a layer with a confidence field, keeps the features
 * {@link NonMaxSuppression} keeps (within each class, then across classes), and writes them with all
 * their attributes to the output; with {@code max_containment_ratio} below 1, then Deepness's containment
 * rule ({@link NonMaxSuppression#removeContained}).
 */
public final class NmsTool {

    /** What a run did. */
    public record Result(Path output, String table, int input, int kept, int skipped) {
        public String describe() {
            return "Kept " + kept + " of " + input + " features (" + (input - skipped - kept) + " suppressed"
                    + (skipped > 0 ? ", " + skipped + " without geometry or confidence left out" : "") + ").";
        }
    }

    public Result run(NmsParameters p) throws IOException {
        if (!(p.maxOverlapRatio() >= 0 && p.maxOverlapRatio() <= 1)) {
            throw new UserException("max_overlap_ratio " + p.maxOverlapRatio() + " is not between 0 and 1.",
                    "It is the intersection over union above which the less confident feature goes, e.g. 0.3.");
        }
        FeatureCollection in = layer(p.inFeatureClass(), p.layer());
        FeatureSchema schema = in.schema();
        Field conf = schema.field(p.confidenceScoreField()).orElseThrow(() -> new UserException(
                "No field '" + p.confidenceScoreField() + "' in " + p.inFeatureClass() + ".", "Fields: " + fieldNames(schema)));
        if (conf.type() != FieldType.REAL && conf.type() != FieldType.INTEGER) {
            throw new UserException("The confidence field '" + conf.name() + "' is not numeric.", "Choose a numeric field.");
        }
        Field cls = null;
        if (p.classValueField() != null && !p.classValueField().isBlank()) {
            cls = schema.field(p.classValueField()).orElseThrow(() -> new UserException(
                    "No field '" + p.classValueField() + "' in " + p.inFeatureClass() + ".", "Fields: " + fieldNames(schema)));
        }
        List<Feature> usable = new ArrayList<>();
        List<NonMaxSuppression.Candidate> boxes = new ArrayList<>();
        int skipped = 0;
        for (Feature f : in.features()) {
            Object c = f.get(conf.name());
            if (f.geometry() == null || f.geometry().isEmpty() || !(c instanceof Number n) || Double.isNaN(n.doubleValue())) {
                skipped++;
                continue;
            }
            usable.add(f);
            boxes.add(NonMaxSuppression.Candidate.of(f.geometry(), n.doubleValue(), cls == null ? null : f.get(cls.name())));
        }
        if (!(p.maxContainmentRatio() >= 0 && p.maxContainmentRatio() <= 1)) {
            throw new UserException("max_containment_ratio " + p.maxContainmentRatio() + " is not between 0 and 1.",
                    "It is the share of a feature's area inside a bigger one above which it goes, e.g. 0.5; 1 keeps all.");
        }
        int[] keep = NonMaxSuppression.keep(boxes, p.maxOverlapRatio());
        if (p.maxContainmentRatio() < 1 && keep.length > 1) {
            int[] nmsKept = keep;
            int[] c = NonMaxSuppression.removeContained(java.util.Arrays.stream(nmsKept).mapToObj(boxes::get).toList(),
                    p.maxContainmentRatio());
            keep = java.util.Arrays.stream(c).map(i -> nmsKept[i]).toArray();
        }
        List<Feature> out = new ArrayList<>(keep.length);
        for (int k : keep) {
            out.add(usable.get(k));
        }
        String table = tableName(p.outFeatureClass());
        FeatureSchema outSchema = new FeatureSchema(table, schema.geometryKind(), schema.fields(), schema.crs());
        WriteMode mode = p.overwrite() ? WriteMode.OVERWRITE : WriteMode.CREATE;
        try (OutputLock lock = OutputLock.acquire(p.outFeatureClass())) {
            StagedOutput staged = StagedOutput.begin(p.outFeatureClass(), mode);
            try {
                try (FeatureWriter w = FeatureWriters.create(staged.path(), outSchema, mode)) {
                    for (int i = 0; i < out.size(); i += 10_000) {
                        w.write(out.subList(i, Math.min(out.size(), i + 10_000)));
                    }
                }
                staged.commit();
            } catch (IOException | RuntimeException e) {
                staged.abandon();
                throw e;
            }
        }
        return new Result(p.outFeatureClass(), table, in.size(), keep.length, skipped);
    }

    static FeatureCollection layer(Path file, String layer) throws IOException {
        List<FeatureCollection> layers = VectorFiles.open(file);
        if (layer == null || layer.isBlank()) {
            if (layers.isEmpty()) {
                throw new UserException(file + " holds no feature layer.", "Choose a file with features.");
            }
            return layers.get(0);
        }
        return layers.stream().filter(c -> c.schema().name().equalsIgnoreCase(layer)).findFirst()
                .orElseThrow(() -> new UserException("No layer '" + layer + "' in " + file + ".",
                        "It has: " + String.join(", ", layers.stream().map(c -> c.schema().name()).toList())));
    }

    private static String fieldNames(FeatureSchema s) {
        return String.join(", ", s.fields().stream().map(Field::name).toList());
    }

    static String tableName(Path out) {
        String fn = out.getFileName().toString();
        int dot = fn.lastIndexOf('.');
        return dot > 0 ? fn.substring(0, dot) : fn;
    }
}
