package org.deepraster.tool.selfsupervised;

import java.awt.geom.AffineTransform;
import java.io.IOException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.deepraster.geo.GridGeometry;
import org.deepraster.inference.ClassificationDecoder;
import org.deepraster.inference.InputNormalization;
import org.deepraster.inference.ModelSession;
import org.deepraster.job.JobReport;
import org.deepraster.model.ModelDefinition;
import org.deepraster.raster.ClassTable;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.SampleType;
import org.deepraster.util.CancelledException;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;

/** Both phases and the reports for one image (see {@link SelfSupervisedTool}). */
final class ImageRun {
    /** The files of one image; the reports and the probability are null when not written. */
    record Files(Path classified, Path probability, Path tiles, Path cnnCsv, Path finalCsv, Path figure) {
        List<Path> all() {
            List<Path> out = new ArrayList<>();
            for (Path f : new Path[] {classified, probability, tiles, cnnCsv, finalCsv, figure}) {
                if (f != null) {
                    out.add(f);
                    if (f.toString().endsWith(".tif")) {
                        out.add(ClassTable.sidecar(f));
                    }
                }
            }
            return out;
        }
    }

    private final SelfSupervisedParameters p;
    private final ModelDefinition definition;
    private final ModelSession session;
    private final ClassificationDecoder decoder;
    private final OutputClasses classes;
    private final int[] bands;
    private final InputNormalization norm;
    private final ImageInputs.Input in;
    private final Files files;
    private Confusion cnn;
    private Confusion fin;

    ImageRun(SelfSupervisedParameters p, ModelDefinition definition, ModelSession session, ClassificationDecoder decoder,
             OutputClasses classes, int[] bands, InputNormalization norm, ImageInputs.Input in, Files files) {
        this.p = p;
        this.definition = definition;
        this.session = session;
        this.decoder = decoder;
        this.classes = classes;
        this.bands = bands;
        this.norm = norm;
        this.in = in;
        this.files = files;
    }

    Confusion cnnScores() {
        return cnn;
    }

    Confusion finalScores() {
        return fin;
    }

    /** Runs the image; null when cancelled. */
    SelfSupervisedResult.Image run(Progress progress, Consumer<String> log, List<String> warnings,
                                   org.deepraster.tool.RasterPreviews previews) throws IOException {
        try (RasterSource image = PlainImage.open(in.image());
             RasterSource labels = in.labels() == null ? null : RasterFiles.open(in.labels())) {
            long t0 = System.nanoTime();
            int batch = Math.max(1, session.fixedBatch() > 0 ? Math.min(32, session.fixedBatch()) : 32);
            org.deepraster.tool.RasterPreviews.Preview preview = previews.begin(files.tiles().getFileName().toString(),
                    TileClassification.tileGrid(image, p.tileSize()), classes.palette(), OutputClasses.NO_DATA);
            TileClassification.Result phase1;
            try {
                phase1 = TileClassification.run(image, definition, session, decoder, bands, norm,
                        p.tileSize(), batch, p.environments(), progress, (cell, index) -> preview.putBlock(cell,
                                new int[] {index < 0 ? OutputClasses.NO_DATA : classes.value(index)}));
            } catch (IOException | RuntimeException e) {
                preview.finish(null);
                throw e;
            }
            if (phase1.report().outcome() != JobReport.Outcome.COMPLETED) {
                preview.finish(null);
            }
            if (phase1.report().outcome() == JobReport.Outcome.CANCELLED) {
                return null;
            }
            if (phase1.report().outcome() == JobReport.Outcome.FAILED) {
                throw new UserException("The tile CNN failed on " + in.image() + ": " + phase1.report().error(),
                        "Check that the model suits the image (bands, tile size).");
            }
            TileLabels tiles = phase1.labels();
            double phase1s = (System.nanoTime() - t0) / 1e9;
            try {
                writeTiles(tiles, image.grid());
            } finally {
                preview.finish(java.nio.file.Files.isRegularFile(files.tiles()) ? files.tiles() : null);
            }
            int[] sure = tiles.sureTilesPerClass(classes.count(), p.confidenceThreshold());
            int sureTotal = java.util.Arrays.stream(sure).sum();
            log.accept(String.format(Locale.ROOT, "%s: phase 1 done in %.1f s: %d of %d tiles sure (>= %.2f): %s", in.name(),
                    phase1s, sureTotal, tiles.cols() * tiles.rows(), p.confidenceThreshold(), perClass(sure)));

            long t1 = System.nanoTime();
            PixelFeatures features = new PixelFeatures(image, bands, p.neighbourhoodFeatures());
            TrainingSamples samples = TrainingSamples.draw(tiles, classes.count(), p.confidenceThreshold(),
                    p.maxSamplesPerClass(), p.seed(), features);
            PixelClassifier classifier = train(samples, warnings);
            double trainS = (System.nanoTime() - t1) / 1e9;
            String described = classifier == null ? "no phase 2 (CNN tiles kept)" : classifier.describe();
            log.accept(String.format(Locale.ROOT, "%s: %s trained on %d pixels (%s) in %.1f s", in.name(), described,
                    samples.size(), features.describe(), trainS));

            long t2 = System.nanoTime();
            PixelPass.Outcome o;
            String georef = org.deepraster.tool.RasterInputs.georeferencingMetadata(List.of(image));
            String metadata = georef == null ? null
                    : GeoTiffWriter.gdalMetadata(org.deepraster.tool.RasterInputs.GEOREFERENCING_ITEM, georef);
            try (GeoTiffWriter cw = GeoTiffWriter.create(files.classified(), classOptions(image.grid()), metadata);
                 GeoTiffWriter pw = files.probability() == null ? null
                         : GeoTiffWriter.create(files.probability(), probabilityOptions(image.grid()), metadata)) {
                o = new PixelPass(image, features, classifier, tiles, classes).run(cw, pw, labels, progress);
            } catch (CancelledException e) {
                return null;
            }
            ClassTable.write(files.classified(), classes.table());
            double predictS = (System.nanoTime() - t2) / 1e9;
            List<Path> reports = new ArrayList<>();
            double cnnF1 = Double.NaN;
            double pixelF1 = Double.NaN;
            if (o.cnn() != null) {
                cnn = o.cnn();
                fin = o.finalStage();
                Reports.writeCsv(files.cnnCsv(), cnn, classes);
                Reports.writeCsv(files.finalCsv(), fin, classes);
                cnnF1 = cnn.weightedF1();
                pixelF1 = fin.weightedF1();
                o.figure().write(files.figure(), in.name(), String.format(Locale.ROOT, "CNN tiles (F1 %.3f)", cnnF1),
                        String.format(Locale.ROOT, "%s (F1 %.3f)", p.classifier().prefix(), pixelF1));
                reports.addAll(List.of(files.cnnCsv(), files.finalCsv(), files.figure()));
            }
            return new SelfSupervisedResult.Image(in.name(), files.classified(), files.probability(), files.tiles(),
                    reports, sureTotal, tiles.cols() * tiles.rows(), samples.size(), described, phase1s, trainS, predictS,
                    cnnF1, pixelF1);
        }
    }

    private PixelClassifier train(TrainingSamples s, List<String> warnings) {
        int present = 0;
        List<String> missing = new ArrayList<>();
        for (int c = 0; c < classes.count(); c++) {
            if (s.perClass()[c] > 0) {
                present++;
            } else {
                missing.add(classes.name(c));
            }
        }
        if (present < 2) {
            warnings.add(in.name() + ": fewer than two classes have sure tiles, so no pixel classifier was trained; the"
                    + " classified raster holds the CNN's tile classes. Lower --confidence_threshold to get training data.");
            return null;
        }
        List<String> fallback = new ArrayList<>();
        for (int c = 0; c < classes.count(); c++) {
            if (s.fallbackTiles()[c] > 0) {
                fallback.add(classes.name(c) + " (" + s.fallbackTiles()[c] + ")");
            }
        }
        if (!fallback.isEmpty()) {
            warnings.add(in.name() + ": no tile is sure enough of " + String.join(", ", fallback).replaceAll(" \\(\\d+\\)", "")
                    + "; phase 2 trains on the most probable tiles instead: " + String.join(", ", fallback) + ".");
        }
        if (!missing.isEmpty()) {
            warnings.add(in.name() + ": no sure tiles of " + String.join(", ", missing) + ": phase 2 cannot find "
                    + (missing.size() == 1 ? "this class" : "these classes") + " in this image.");
        }
        return switch (p.classifier()) {
            case MLP -> Mlp.train(s.x(), s.y(), s.features(), classes.count(), p.seed(), Mlp.Settings.DEFAULT);
            case RANDOM_FOREST -> RandomForest.train(s.x(), s.y(), s.features(), classes.count(), p.seed());
        };
    }

    private String perClass(int[] n) {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < n.length; c++) {
            b.append(c == 0 ? "" : ", ").append(classes.name(c)).append(' ').append(n[c]);
        }
        return b.toString();
    }

    private GeoTiffWriter.Options classOptions(GridGeometry g) {
        return GeoTiffWriter.Options.of(g.width(), g.height(), 1, SampleType.UINT8).georeferenced(g)
                .withNoData((double) OutputClasses.NO_DATA).withPalette(classes.palette());
    }

    private GeoTiffWriter.Options probabilityOptions(GridGeometry g) {
        return GeoTiffWriter.Options.of(g.width(), g.height(), 1, SampleType.UINT8).georeferenced(g)
                .withNoData((double) OutputClasses.NO_DATA);
    }

    /** The CNN's class per tile as a raster of tile-sized cells over the image (NoData where no tile was classified). */
    private void writeTiles(TileLabels t, GridGeometry g) throws IOException {
        AffineTransform a = new AffineTransform(g.gridToCrs());
        a.scale(t.tileSize(), t.tileSize());
        GeoTiffWriter.Options o = GeoTiffWriter.Options.of(t.cols(), t.rows(), 1, SampleType.UINT8)
                .georeferenced(a, g.crs()).withNoData((double) OutputClasses.NO_DATA).withPalette(classes.palette());
        byte[] v = new byte[t.cols() * t.rows()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) (t.classIndex()[i] < 0 ? OutputClasses.NO_DATA : classes.value(t.classIndex()[i]));
        }
        java.nio.file.Files.deleteIfExists(files.tiles());
        try (GeoTiffWriter w = GeoTiffWriter.create(files.tiles(), o)) {
            w.writeRows(v, t.rows());
        }
        ClassTable.write(files.tiles(), classes.table());
    }
}
