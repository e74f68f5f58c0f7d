package org.deepraster.tool.detectobjects;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.deepraster.feature.FeatureSchema;
import org.deepraster.feature.Field;
import org.deepraster.feature.FieldType;
import org.deepraster.feature.GeoPackageWriter;
import org.deepraster.feature.GeometryKind;
import org.deepraster.feature.WriteMode;
import org.deepraster.geo.Reprojector;
import org.deepraster.tool.Outputs;
import org.deepraster.util.UserException;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * Detect Objects' output, checked before any work: the file (a .gpkg when no extension is given), create /
 * overwrite / resume, the schema (class, class value, confidence, and Angle for oriented boxes), the reprojection
 * to the output CRS, and for a resumed GeoPackage what the earlier run left (tiles done, held-back detections and
 * instance fragments), after checking that it was made with the same settings.
 *
 * @param resumeState the resume records (GeoPackage outputs only), else null
 */
record DetectOutputSetup(Path output, WriteMode mode, FeatureSchema schema, Reprojector toOutput,
                         DetectResumeState resumeState, boolean resuming, Set<String> doneKeys, List<Det> heldBefore,
                         List<InstanceFragment> fragmentsBefore) {

    /**
     * @param rasterCrs the raster's CRS (null: none)
     * @param oriented  the model gives oriented boxes (an Angle field)
     * @param settings  what fixes the tiles and their results, for the output CRS
     * @param own       takes the output for this run (see {@link org.deepraster.tool.OutputLock})
     */
    static DetectOutputSetup of(DetectObjectsParameters p, CoordinateReferenceSystem rasterCrs, boolean oriented,
                                Function<CoordinateReferenceSystem, Map<String, String>> settings,
                                java.util.function.Consumer<Path> own) throws IOException {
        Path out = p.outDetectedObjects();
        if (out == null) {
            throw new UserException("No output given.", "Name the output feature class, e.g. detections.gpkg.");
        }
        if (Outputs.extension(out).isEmpty()) {
            out = out.resolveSibling(out.getFileName() + ".gpkg");
        }
        Outputs.requireFolder(out);
        own.accept(out); // before the checks below: two runs cannot both find it free
        String table = out.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        boolean gpkg = Outputs.extension(out).equals("gpkg");
        boolean exists = Files.exists(out);
        // (a look at gpkg_contents: reading the layers would load every feature of a big output)
        boolean hasTable = exists && gpkg && DetectResumeState.isSqlite(out)
                && DetectResumeState.hasFeatureTable(out, GeoPackageWriter.tableName(table));
        if (p.resume() && exists && !gpkg) {
            throw new UserException("Cannot resume into " + out + ": only GeoPackage outputs can be resumed.",
                    "Write to a .gpkg output, or use --overwrite to start again.");
        }
        if (p.resume() && p.overwrite()) {
            throw new UserException("Both resume and overwrite were asked for.", "Use --resume to go on, or --overwrite to start again.");
        }
        boolean resuming = p.resume() && hasTable;
        if (exists && !p.overwrite() && !resuming && !(gpkg && !hasTable)) {
            throw Outputs.alreadyExists(out);
        }
        WriteMode mode = resuming ? WriteMode.APPEND : p.overwrite() ? WriteMode.OVERWRITE : WriteMode.CREATE;
        String cv = DetectObjectsTool.CLASS_VALUE_FIELD;
        if (p.classValueField().equalsIgnoreCase(p.confidenceScoreField()) || p.classValueField().equalsIgnoreCase(cv)
                || p.confidenceScoreField().equalsIgnoreCase(cv)) {
            throw new UserException("The class field, the confidence field and " + cv + " need three different names.",
                    "Rename the class value field or the confidence score field.");
        }
        CoordinateReferenceSystem crs = p.environments().outputCrs() != null ? p.environments().outputCrs() : rasterCrs;
        Reprojector toOutput = Reprojector.between(rasterCrs, crs);
        List<Field> fields = new ArrayList<>(List.of(new Field(p.classValueField(), FieldType.STRING),
                new Field(cv, FieldType.INTEGER), new Field(p.confidenceScoreField(), FieldType.REAL)));
        if (oriented) {
            fields.add(new Field(DetectionFeatures.ANGLE_FIELD, FieldType.REAL));
        }
        GeometryKind kind = p.outputGeometry() == DetectObjectsParameters.OutputGeometry.CENTER_POINTS
                ? GeometryKind.POINT : GeometryKind.POLYGON;
        FeatureSchema schema = new FeatureSchema(table, kind, fields, crs);
        DetectResumeState resumeState = null;
        Set<String> doneKeys = Set.of();
        List<Det> heldBefore = List.of();
        List<InstanceFragment> fragmentsBefore = List.of();
        if (gpkg) {
            String t = GeoPackageWriter.tableName(table);
            Map<String, String> now = settings.apply(crs);
            resumeState = new DetectResumeState(t, now);
            if (resuming) {
                DetectResumeState.Loaded before = DetectResumeState.read(out, t);
                if (before == null) {
                    throw new UserException("Cannot resume into table " + table + " of " + out + ": it holds no Detect Objects"
                            + " resume records (it was made by another tool or before resume existed).",
                            "Use --overwrite to start again, or another output.");
                }
                List<String> diff = new ArrayList<>();
                for (Map.Entry<String, String> e : now.entrySet()) {
                    String was = before.settings().get(e.getKey());
                    if (!e.getValue().equals(was)) {
                        diff.add(e.getKey() + " " + was + " -> " + e.getValue());
                    }
                }
                if (!diff.isEmpty()) {
                    throw new UserException("Cannot resume into table " + table + " of " + out + ": it was made with other"
                            + " settings (" + String.join("; ", diff) + ").",
                            "Resume with the settings of the first run, or use --overwrite to start again.");
                }
                doneKeys = before.doneTiles();
                heldBefore = before.pending();
                fragmentsBefore = InstanceResumeRecords.read(out, t);
            }
        }
        return new DetectOutputSetup(out, mode, schema, toOutput, resumeState, resuming, doneKeys, heldBefore,
                fragmentsBefore);
    }
}
