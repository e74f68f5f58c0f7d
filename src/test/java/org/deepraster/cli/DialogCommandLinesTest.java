package org.deepraster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureSchema;
import org.deepraster.feature.FeatureWriter;
import org.deepraster.feature.FeatureWriters;
import org.deepraster.feature.GeometryKind;
import org.deepraster.feature.VectorFiles;
import org.deepraster.feature.WriteMode;
import org.deepraster.geo.Crs;
import org.deepraster.model.ModelArguments;
import org.deepraster.tool.classifypixels.ClassifyPixelsParameters;
import org.deepraster.tool.classifypixels.ClassifyPixelsSpec;
import org.deepraster.tool.detectobjects.DetectObjectsParameters;
import org.deepraster.tool.detectobjects.DetectObjectsSpec;
import org.deepraster.tool.Environments;
import org.deepraster.tool.nms.NmsParameters;
import org.deepraster.tool.nms.NmsSpec;
import org.deepraster.tool.ProcessingExtent;
import org.deepraster.toolbox.ClassifyPixelsDialog;
import org.deepraster.toolbox.CommandLinePreview;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters;
import org.deepraster.tool.FeatureInput;
import org.deepraster.toolbox.DetectObjectsDialog;
import org.deepraster.toolbox.ExportTrainingDataDialog;
import org.deepraster.toolbox.NmsDialog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import picocli.CommandLine;

/**
 * The command lines the Detect Objects, Classify Pixels, NMS and Export Training Data dialogs show,
 * parsed by the real commands, give the very parameters records the dialogs run with.
 */
class DialogCommandLinesTest {
    @TempDir
    Path dir;

    private static DetectObjectsParameters detect(List<String> args) throws Exception {
        assertThat(args.get(0)).isEqualTo("detect-objects");
        DetectObjectsSpec spec = new DetectObjectsSpec();
        return spec.parameters(ToolCommand.parse(spec, args.subList(1, args.size()).toArray(String[]::new)));
    }

    @Test
    void detectObjectsDefaults() throws Exception {
        DetectObjectsParameters p = DetectObjectsParameters.of(dir.resolve("a b.tif"), "/m/tree car.dlpk", dir.resolve("o.gpkg"));
        List<String> args = DetectObjectsDialog.commandArgs(p, null);
        assertThat(args).containsExactly("detect-objects", "--in_raster", dir.resolve("a b.tif").toString(),
                "--in_model_definition", "/m/tree car.dlpk", "--out_detected_objects", dir.resolve("o.gpkg").toString());
        assertThat(detect(args)).isEqualTo(p);
        assertThat(CommandLinePreview.join(args)).contains("'/m/tree car.dlpk'");
    }

    @Test
    void detectObjectsWithEverySettingChanged() throws Exception {
        Environments env = new Environments(new ProcessingExtent.Box(new Envelope(500_000, 500_300.5, 5_000_000, 5_000_300),
                Crs.forEpsg(32633)), null, Environments.Processor.GPU, 1, 3, 0);
        DetectObjectsParameters p = new DetectObjectsParameters(dir.resolve("r.tif"), "m.emd", dir.resolve("o.geojson"),
                ModelArguments.parse("threshold 0.4;batch_size 2;exclude_pad_detections False"), true, "Score", "Label",
                0.25, DetectObjectsParameters.OutputGeometry.CENTER_POINTS, env, true);
        assertThat(detect(DetectObjectsDialog.commandArgs(p, null))).isEqualTo(p);
    }

    @Test
    void detectObjectsWithAMaskLayer() throws Exception {
        Path mask = dir.resolve("mask.gpkg");
        GeometryFactory gf = new GeometryFactory();
        FeatureSchema schema = new FeatureSchema("mask", GeometryKind.POLYGON, List.of(), Crs.forEpsg(32633));
        try (FeatureWriter w = FeatureWriters.create(mask, schema, WriteMode.CREATE)) {
            w.write(List.of(new Feature(1, gf.toGeometry(new Envelope(0, 10, 0, 10)), Map.of()),
                    new Feature(2, gf.toGeometry(new Envelope(5, 20, 5, 20)), Map.of())));
        }
        // the dialog's mask: the union of the map layer's polygons
        ProcessingExtent.Mask m = ProcessingExtent.maskOf(VectorFiles.open(mask).get(0));
        DetectObjectsParameters p = DetectObjectsParameters.of(dir.resolve("r.tif"), "m.emd", dir.resolve("o.gpkg"))
                .withEnvironments(Environments.DEFAULT.withExtent(m));
        List<String> args = DetectObjectsDialog.commandArgs(p, mask.toString());
        assertThat(args).containsSequence("--mask", mask.toString());
        DetectObjectsParameters parsed = detect(args);
        assertThat(parsed.environments().extent()).isInstanceOfSatisfying(ProcessingExtent.Mask.class,
                pm -> assertThat(pm.polygon().equalsTopo(m.polygon())).isTrue());
        assertThat(parsed.withEnvironments(p.environments())).isEqualTo(p);
    }

    private static ClassifyPixelsParameters pixels(List<String> args) throws Exception {
        assertThat(args.get(0)).isEqualTo("classify-pixels");
        ClassifyPixelsSpec spec = new ClassifyPixelsSpec();
        return spec.parameters(ToolCommand.parse(spec, args.subList(1, args.size()).toArray(String[]::new)));
    }

    @Test
    void classifyPixelsDefaults() throws Exception {
        ClassifyPixelsParameters p = ClassifyPixelsParameters.of(dir.resolve("a b.tif"), "/m/land cover.dlpk",
                dir.resolve("a b_classified.tif"));
        List<String> args = ClassifyPixelsDialog.commandArgs(p, null);
        assertThat(args).containsExactly("classify-pixels", "--in_raster", dir.resolve("a b.tif").toString(),
                "--in_model_definition", "/m/land cover.dlpk", "--out_classified_raster",
                dir.resolve("a b_classified.tif").toString());
        assertThat(pixels(args)).isEqualTo(p);
    }

    @Test
    void classifyPixelsWithEverySettingChanged() throws Exception {
        Environments env = new Environments(new ProcessingExtent.Box(new Envelope(500_000, 500_300.5, 5_000_000, 5_000_300),
                Crs.forEpsg(32633)), null, Environments.Processor.GPU, 1, 3, 0);
        ClassifyPixelsParameters p = new ClassifyPixelsParameters(dir.resolve("r.tif"), "m.emd", dir.resolve("o.tif"),
                ModelArguments.parse("padding 32;batch_size 2;blend_tiles True;threshold 0.4"), dir.resolve("o_confidence.tif"),
                new ClassifyPixelsParameters.VectorOutput(dir.resolve("p.gpkg"), 12.5, 0.75, List.of("building", "road")),
                env, true);
        List<String> args = ClassifyPixelsDialog.commandArgs(p, null);
        assertThat(args).containsSequence("--regularize_classes", "building,road");
        assertThat(pixels(args)).isEqualTo(p);
        // polygons with the defaults: only the output is named
        ClassifyPixelsParameters q = p.withVectorOutput(new ClassifyPixelsParameters.VectorOutput(dir.resolve("p.gpkg"), 0, 0,
                List.of()));
        assertThat(ClassifyPixelsDialog.commandArgs(q, null)).doesNotContain("--min_area", "--simplify_tolerance",
                "--regularize_classes");
        assertThat(pixels(ClassifyPixelsDialog.commandArgs(q, null))).isEqualTo(q);
    }

    @Test
    void nms() throws Exception {
        for (NmsParameters p : List.of(new NmsParameters(dir.resolve("d.gpkg"), "detections", "Confidence",
                        dir.resolve("k.gpkg"), "Class", 0.3, false),
                new NmsParameters(dir.resolve("d.shp"), null, "score", dir.resolve("k.gpkg"), null, 0, true))) {
            List<String> args = NmsDialog.commandArgs(p);
            assertThat(args.get(0)).isEqualTo("nms");
            NmsSpec spec = new NmsSpec();
            assertThat(spec.parameters(ToolCommand.parse(spec, args.subList(1, args.size()).toArray(String[]::new))))
                    .isEqualTo(p);
        }
    }

    @Test
    void exportTrainingDataDefaults() throws Exception {
        ExportTrainingDataParameters p = ExportTrainingDataParameters.of(dir.resolve("a b.tif"), dir.resolve("chips"),
                ExportTrainingDataParameters.ClassData.features(new FeatureInput.File(dir.resolve("l.gpkg"), "trees")));
        List<String> args = ExportTrainingDataDialog.commandArgs(p);
        assertThat(args).containsExactly("export-training-data", "--in_raster", dir.resolve("a b.tif").toString(),
                "--out_folder", dir.resolve("chips").toString(), "--in_class_data", dir.resolve("l.gpkg") + "|trees");
        assertThat(ParsedCommands.exportTrainingData(args)).isEqualTo(p);
    }

    @Test
    void exportTrainingDataWithEverySettingChanged() throws Exception {
        Environments env = new Environments(new ProcessingExtent.Box(new Envelope(500_000, 500_300.5, 5_000_000, 5_000_300),
                Crs.forEpsg(32633)), null, Environments.Processor.CPU, 0, 3, 0);
        ExportTrainingDataParameters p = new ExportTrainingDataParameters(dir.resolve("r.tif"), dir.resolve("out"),
                new ExportTrainingDataParameters.ClassData.Features(List.of(new FeatureInput.File(dir.resolve("a.gpkg"), "x"),
                        new FeatureInput.File(dir.resolve("b.shp"), null))), ExportTrainingDataParameters.ChipFormat.JPEG,
                128, 96, 64, 48, true, ExportTrainingDataParameters.MetadataFormat.Labeled_Tiles, "kind", 2.5,
                new FeatureInput.File(dir.resolve("m.gpkg"), "aoi"), 45, ExportTrainingDataParameters.ReferenceSystem.PIXEL_SPACE,
                true, ExportTrainingDataParameters.CropMode.BOUNDING_BOX, 0.3, env, true);
        assertThat(ParsedCommands.exportTrainingData(ExportTrainingDataDialog.commandArgs(p))).isEqualTo(p);
    }

    @Test
    void exportTrainingDataFromAClassifiedRaster() throws Exception {
        Path classes = new org.deepraster.sample.SampleScene(64, 3).write(dir.resolve("scene")).landCover();
        ExportTrainingDataParameters p = ExportTrainingDataParameters.of(dir.resolve("r.tif"), dir.resolve("out"),
                new ExportTrainingDataParameters.ClassData.Raster(classes))
                .withFormat(ExportTrainingDataParameters.MetadataFormat.Classified_Tiles,
                        ExportTrainingDataParameters.ChipFormat.PNG);
        assertThat(ParsedCommands.exportTrainingData(ExportTrainingDataDialog.commandArgs(p))).isEqualTo(p);
    }
}
