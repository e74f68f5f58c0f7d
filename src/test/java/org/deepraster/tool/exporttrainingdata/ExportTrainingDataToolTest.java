package org.deepraster.tool.exporttrainingdata;

import org.deepraster.tool.FeatureInput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureSchema;
import org.deepraster.feature.FeatureWriter;
import org.deepraster.feature.FeatureWriters;
import org.deepraster.feature.Field;
import org.deepraster.feature.FieldType;
import org.deepraster.feature.GeometryKind;
import org.deepraster.feature.WriteMode;
import org.deepraster.geo.Crs;
import org.deepraster.geo.GridGeometry;
import org.deepraster.geo.Reprojector;
import org.deepraster.job.JobReport;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.RasterWindow;
import org.deepraster.raster.SampleType;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.ChipFormat;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.ClassData;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.MetadataFormat;
import org.deepraster.util.Progress;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.AffineTransformation;
import org.opengis.referencing.crs.CoordinateReferenceSystem;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Exports a small generated raster (UTM 33N, 1 m, pixel values that encode their position) with
 * polygons stored in WGS 84, then reads every format back: labels lie in their chip and equal the
 * source polygons mapped through the chip's own georeferencing; masks equal the polygons rasterised
 * by point-in-polygon at pixel centres; rotated copies carry rotated pixels and labels.
 */
class ExportTrainingDataToolTest {
    static final int W = 300;
    static final int H = 260;
    static final double X0 = 500000;
    static final double Y0 = 5000300;
    static final GeometryFactory GF = new GeometryFactory();

    @TempDir
    static Path dir;
    static Path raster;
    static Path features;
    static Path classRaster;
    /** The polygons in UTM (the raster's CRS), with their class value. */
    static final List<Geometry> polys = new ArrayList<>();
    static final List<Integer> values = new ArrayList<>();

    static int pixel(int band, int x, int y) {
        return switch (band) {
            case 0 -> x % 251;
            case 1 -> y % 251;
            default -> (x * 7 + y * 13) % 256;
        };
    }

    @BeforeAll
    static void fixtures() throws IOException {
        CoordinateReferenceSystem utm = Crs.forEpsg(32633);
        raster = dir.resolve("image.tif");
        var opts = GeoTiffWriter.Options.of(W, H, 3, SampleType.UINT8)
                .georeferenced(new AffineTransform(1, 0, 0, -1, X0, Y0), utm);
        byte[] px = new byte[W * H * 3];
        for (int b = 0; b < 3; b++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    px[b * W * H + y * W + x] = (byte) pixel(b, x, y);
                }
            }
        }
        try (GeoTiffWriter w = GeoTiffWriter.create(raster, opts)) {
            w.writeRows(px, H);
        }
        classRaster = dir.resolve("classes.tif");
        byte[] cls = new byte[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                cls[y * W + x] = (byte) ((x / 40 + y / 50) % 3);
            }
        }
        try (GeoTiffWriter w = GeoTiffWriter.create(classRaster, GeoTiffWriter.Options.of(W, H, 1, SampleType.UINT8)
                .georeferenced(new AffineTransform(1, 0, 0, -1, X0, Y0), utm))) {
            w.writeRows(cls, H);
        }
        // polygons in pixel coordinates (non-overlapping, odd coordinates), some crossing chip borders
        double[][] quads = {
            {20.3, 30.7, 61.2, 25.1, 70.9, 66.6, 24.4, 58.2},
            {110.6, 90.2, 150.3, 101.9, 141.7, 139.4, 100.1, 121.3},
            {180.2, 20.8, 230.7, 35.3, 215.5, 80.9},
            {240.4, 180.6, 290.1, 170.2, 295.8, 240.7, 250.3, 235.1},
            {40.8, 150.3, 90.4, 190.6, 60.7, 230.2},
            {120.5, 200.4, 135.9, 205.1, 131.2, 222.8, 118.6, 219.3},
        };
        FeatureSchema schema = new FeatureSchema("objects", GeometryKind.POLYGON,
                List.of(new Field("value", FieldType.INTEGER)), Crs.forEpsg(4326));
        Reprojector toWgs = Reprojector.between(utm, Crs.forEpsg(4326));
        List<Feature> fs = new ArrayList<>();
        for (int i = 0; i < quads.length; i++) {
            double[] q = quads[i];
            Coordinate[] c = new Coordinate[q.length / 2 + 1];
            for (int k = 0; k < q.length / 2; k++) {
                c[k] = new Coordinate(X0 + q[2 * k], Y0 - q[2 * k + 1]);
            }
            c[c.length - 1] = c[0];
            Polygon p = GF.createPolygon(c);
            int v = i % 2 + 1;
            polys.add(p);
            values.add(v);
            fs.add(new Feature(i + 1, toWgs.transform(p), Map.of("value", v)));
        }
        features = dir.resolve("objects.gpkg");
        try (FeatureWriter w = FeatureWriters.create(features, schema, WriteMode.CREATE)) {
            w.write(fs);
        }
        // the source polygons as the tool reads them back (WGS 84 -> UTM), for exact comparisons
        Reprojector back = Reprojector.between(Crs.forEpsg(4326), utm);
        for (int i = 0; i < fs.size(); i++) {
            polys.set(i, back.transform(fs.get(i).geometry()));
        }
    }

    static ExportTrainingDataParameters params(String out, MetadataFormat f, ChipFormat c) {
        return ExportTrainingDataParameters.of(raster, dir.resolve(out), ClassData.features(FeatureInput.file(features)))
                .withFormat(f, c).withTiles(128, 128, 96, 96);
    }

    static ExportTrainingDataResult export(ExportTrainingDataParameters p) throws IOException {
        return new ExportTrainingDataTool().run(p, Progress.NONE, List.of());
    }

    static List<String[]> map(Path out) throws IOException {
        return Files.readAllLines(out.resolve("map.txt")).stream().map(l -> l.split(" ")).toList();
    }

    /** A chip's own pixel grid, read from its georeferencing (TIFF tags or the PNG's world file). */
    static AffineTransformation mapToChip(Path chip) throws IOException {
        AffineTransform t;
        if (chip.toString().endsWith(".tif")) {
            try (RasterSource r = RasterFiles.open(chip)) {
                t = r.grid().crsToGrid();
            }
        } else {
            List<String> l = Files.readAllLines(chip.resolveSibling(chip.getFileName().toString().replaceAll("\\.png$", ".pgw")));
            double a = Double.parseDouble(l.get(0));
            double d = Double.parseDouble(l.get(1));
            double b = Double.parseDouble(l.get(2));
            double e = Double.parseDouble(l.get(3));
            AffineTransform g = new AffineTransform(a, d, b, e, Double.parseDouble(l.get(4)) - 0.5 * a - 0.5 * b,
                    Double.parseDouble(l.get(5)) - 0.5 * d - 0.5 * e);
            try {
                t = g.createInverse();
            } catch (java.awt.geom.NoninvertibleTransformException ex) {
                throw new IllegalStateException(ex);
            }
        }
        return new AffineTransformation(t.getScaleX(), t.getShearX(), t.getTranslateX(), t.getShearY(), t.getScaleY(),
                t.getTranslateY());
    }

    /** The expected boxes of a chip: each source polygon mapped into the chip and cut at its border. */
    static List<double[]> expectedBoxes(AffineTransformation toChip, int w, int h) {
        Geometry box = GF.toGeometry(new Envelope(0, w, 0, h));
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < polys.size(); i++) {
            Geometry g = toChip.transform(polys.get(i)).intersection(box);
            if (g.getArea() > 0) {
                Envelope e = g.getEnvelopeInternal();
                out.add(new double[] {values.get(i), e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY()});
            }
        }
        return out;
    }

    static List<double[]> vocBoxes(Path xml) throws Exception {
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        NodeList objs = d.getElementsByTagName("object");
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < objs.getLength(); i++) {
            Element o = (Element) objs.item(i);
            out.add(new double[] {Double.parseDouble(text(o, "name")), Double.parseDouble(text(o, "xmin")),
                Double.parseDouble(text(o, "ymin")), Double.parseDouble(text(o, "xmax")), Double.parseDouble(text(o, "ymax"))});
        }
        return out;
    }

    static String text(Element e, String tag) {
        return e.getElementsByTagName(tag).item(0).getTextContent().trim();
    }

    static void assertSameBoxes(List<double[]> actual, List<double[]> expected, int w, int h, double tol) {
        assertThat(actual).hasSameSizeAs(expected);
        List<double[]> left = new ArrayList<>(expected);
        for (double[] a : actual) {
            assertThat(a[1]).isBetween(-tol, w + tol); // inside the chip (tol: YOLO's normalised rounding)
            assertThat(a[3]).isBetween(-tol, w + tol);
            assertThat(a[2]).isBetween(-tol, h + tol);
            assertThat(a[4]).isBetween(-tol, h + tol);
            double[] match = left.stream().filter(e -> e[0] == a[0] && Math.abs(e[1] - a[1]) < tol && Math.abs(e[2] - a[2]) < tol
                    && Math.abs(e[3] - a[3]) < tol && Math.abs(e[4] - a[4]) < tol).findFirst().orElse(null);
            assertThat(match).as("box %s among %s", java.util.Arrays.toString(a), left.stream().map(java.util.Arrays::toString).toList())
                    .isNotNull();
            left.remove(match);
        }
    }

    @Test
    void pascalVocBoxesEqualTheSourcePolygonsInEveryChip() throws Exception {
        ExportTrainingDataResult r = export(params("voc", MetadataFormat.PASCAL_VOC_rectangles, ChipFormat.TIFF));
        Path out = r.outFolder();
        assertThat(r.report().outcome()).isEqualTo(JobReport.Outcome.COMPLETED);
        assertThat(out.resolve("esri_model_definition.emd")).exists();
        assertThat(out.resolve("esri_accumulated_stats.json")).exists();
        assertThat(out.resolve("stats.txt")).exists();
        assertThat(out.resolve(ExportTrainingDataTool.PENDING)).doesNotExist();
        List<String[]> lines = map(out);
        assertThat(lines).hasSize((int) r.chips()).isNotEmpty();
        int objects = 0;
        for (String[] l : lines) {
            Path img = out.resolve(l[0]);
            Path xml = out.resolve(l[1]);
            assertThat(img).exists();
            List<double[]> got = vocBoxes(xml);
            assertThat(got).as("tiles with features only").isNotEmpty();
            assertSameBoxes(got, expectedBoxes(mapToChip(img), 128, 128), 128, 128, 2e-3);
            objects += got.size();
        }
        assertThat(r.labelsByClass().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(objects);
        JsonNode emd = new ObjectMapper().readTree(out.resolve("esri_model_definition.emd").toFile());
        assertThat(emd.get("Classes").size()).isEqualTo(2);
        assertThat(emd.get("Classes").get(0).get("Value").asInt()).isEqualTo(1);
        JsonNode stats = new ObjectMapper().readTree(out.resolve("esri_accumulated_stats.json").toFile());
        assertThat(stats.get("MetaDataMode").asText()).isEqualTo("PASCAL_VOC_rectangles");
        assertThat(stats.get("FeatureStats").get("NumFeaturesTotal").asLong()).isEqualTo(objects);
        // every chip's pixels are the raster's pixels under it
        for (String[] l : lines.subList(0, 2)) {
            checkPixels(out.resolve(l[0]));
        }
    }

    /** Each chip pixel holds the raster pixel that contains the chip pixel's centre. */
    static void checkPixels(Path chip) throws IOException {
        try (RasterSource c = RasterFiles.open(chip)) {
            GridGeometry g = c.grid();
            RasterWindow w = c.read(new Rectangle(0, 0, c.width(), c.height()), new int[] {0, 1, 2});
            int checked = 0;
            for (int y = 1; y < c.height(); y += 7) {
                for (int x = 2; x < c.width(); x += 5) {
                    Point2D m = g.pixelToMap(x + 0.5, y + 0.5);
                    int rx = (int) Math.floor(m.getX() - X0);
                    int ry = (int) Math.floor(Y0 - m.getY());
                    if (rx < 0 || ry < 0 || rx >= W || ry >= H) {
                        continue;
                    }
                    for (int b = 0; b < 3; b++) {
                        assertThat((int) w.sample(b, x, y)).as("band %d at %d,%d of %s", b, x, y, chip).isEqualTo(pixel(b, rx, ry));
                    }
                    checked++;
                }
            }
            assertThat(checked).isGreaterThan(100);
        }
    }

    @Test
    void rotatedCopiesRotateTheirPixelsAndLabels() throws Exception {
        ExportTrainingDataParameters p = params("rot", MetadataFormat.PASCAL_VOC_rectangles, ChipFormat.TIFF)
                .withOptions(false, 0, 90, 0);
        ExportTrainingDataResult r = export(p);
        Path out = r.outFolder();
        List<String[]> lines = map(out);
        Set<Long> angles = new HashSet<>();
        for (String[] l : lines) {
            Path img = out.resolve(l[0]);
            AffineTransformation toChip = mapToChip(img);
            try (RasterSource c = RasterFiles.open(img)) {
                AffineTransform t = c.grid().gridToCrs();
                angles.add(Math.round(Math.toDegrees(Math.atan2(t.getShearY(), t.getScaleX()))));
            }
            assertSameBoxes(vocBoxes(out.resolve(l[1])), expectedBoxes(toChip, 128, 128), 128, 128, 2e-3);
            checkPixels(img);
        }
        assertThat(angles).as("copies at 0, 90, 180 and 270 degrees").hasSize(4);
        ExportTrainingDataResult plain = export(params("rot-plain", MetadataFormat.PASCAL_VOC_rectangles, ChipFormat.TIFF));
        assertThat(r.chips()).isGreaterThan(plain.chips());
    }

    @Test
    void kittiAndYoloLabelsMatchTheBoxes() throws Exception {
        Path out = export(params("kitti", MetadataFormat.KITTI_rectangles, ChipFormat.PNG)).outFolder();
        for (String[] l : map(out)) {
            assertThat(l[1]).endsWith(".txt");
            List<double[]> got = new ArrayList<>();
            for (String line : Files.readAllLines(out.resolve(l[1]))) {
                String[] t = line.trim().split("\\s+");
                assertThat(t).hasSize(15);
                got.add(new double[] {Double.parseDouble(t[0]), Double.parseDouble(t[4]), Double.parseDouble(t[5]),
                    Double.parseDouble(t[6]), Double.parseDouble(t[7])});
            }
            assertSameBoxes(got, expectedBoxes(mapToChip(out.resolve(l[0])), 128, 128), 128, 128, 2e-3);
        }
        Path yolo = export(params("yolo", MetadataFormat.YOLO, ChipFormat.PNG)).outFolder();
        assertThat(yolo.resolve("data.yaml")).exists();
        assertThat(Files.readAllLines(yolo.resolve("classes.txt"))).containsExactly("1", "2");
        try (Stream<Path> s = Files.list(yolo.resolve("images"))) {
            for (Path img : s.filter(f -> f.toString().endsWith(".png")).toList()) {
                Path txt = yolo.resolve("labels").resolve(img.getFileName().toString().replace(".png", ".txt"));
                List<double[]> got = new ArrayList<>();
                for (String line : Files.readAllLines(txt)) {
                    String[] t = line.split(" ");
                    double cx = Double.parseDouble(t[1]) * 128;
                    double cy = Double.parseDouble(t[2]) * 128;
                    double bw = Double.parseDouble(t[3]) * 128;
                    double bh = Double.parseDouble(t[4]) * 128;
                    got.add(new double[] {Integer.parseInt(t[0]) + 1, cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2});
                }
                assertSameBoxes(got, expectedBoxes(mapToChip(img), 128, 128), 128, 128, 2e-3);
            }
        }
    }

    /** Class value at each pixel centre by JTS point-in-polygon (independent of the tool's rasteriser). */
    static int[] rasterised(AffineTransformation toChip, int w, int h, int onlyPolygon) {
        int[] v = new int[w * h];
        for (int i = 0; i < polys.size(); i++) {
            if (onlyPolygon >= 0 && i != onlyPolygon) {
                continue;
            }
            Geometry g = toChip.transform(polys.get(i));
            var loc = new org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator(g);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (loc.locate(new Coordinate(x + 0.5, y + 0.5)) == org.locationtech.jts.geom.Location.INTERIOR) {
                        v[y * w + x] = values.get(i);
                    }
                }
            }
        }
        return v;
    }

    static int[] readLabel(Path f) throws IOException {
        if (f.toString().endsWith(".png")) {
            var img = javax.imageio.ImageIO.read(f.toFile());
            return img.getRaster().getPixels(0, 0, img.getWidth(), img.getHeight(), (int[]) null);
        }
        try (RasterSource r = RasterFiles.open(f)) {
            float[] s = r.read(new Rectangle(0, 0, r.width(), r.height()), new int[] {0}).samples();
            int[] v = new int[s.length];
            for (int i = 0; i < s.length; i++) {
                v[i] = Math.round(s[i]);
            }
            return v;
        }
    }

    @Test
    void classifiedTilesMasksEqualTheRasterisedPolygons() throws Exception {
        for (ChipFormat cf : List.of(ChipFormat.TIFF, ChipFormat.PNG)) {
            Path out = export(params("ct-" + cf, MetadataFormat.Classified_Tiles, cf)).outFolder();
            List<String[]> lines = map(out);
            assertThat(lines).isNotEmpty();
            for (String[] l : lines) {
                int[] got = readLabel(out.resolve(l[1]));
                int[] want = rasterised(mapToChip(out.resolve(l[0])), 128, 128, -1);
                assertThat(got).as(l[1]).isEqualTo(want);
            }
            JsonNode stats = new ObjectMapper().readTree(out.resolve("esri_accumulated_stats.json").toFile());
            assertThat(stats.get("ClassPixelStats").get("NumPixelsPerClass").get(0).asLong()).isPositive();
        }
    }

    @Test
    void rcnnMasksHoldOneValuePerInstanceInAFolderPerClass() throws Exception {
        Path out = export(params("rcnn", MetadataFormat.RCNN_Masks, ChipFormat.TIFF)).outFolder();
        List<String[]> lines = map(out);
        int instances = 0;
        for (String[] l : lines) {
            Path img = out.resolve(l[0]);
            String name = img.getFileName().toString();
            AffineTransformation toChip = mapToChip(img);
            for (int cls : List.of(1, 2)) {
                Path f = out.resolve("labels").resolve(String.valueOf(cls)).resolve(name);
                // every polygon of this class in the chip is one instance value, pixel for pixel
                List<int[]> expected = new ArrayList<>();
                for (int i = 0; i < polys.size(); i++) {
                    int[] m = rasterised(toChip, 128, 128, i);
                    if (values.get(i) == cls && java.util.Arrays.stream(m).anyMatch(v -> v != 0)) {
                        expected.add(m);
                    }
                }
                if (expected.isEmpty()) {
                    assertThat(f).doesNotExist();
                    continue;
                }
                int[] got = readLabel(f);
                Map<Integer, Set<Integer>> byId = new HashMap<>();
                for (int i = 0; i < got.length; i++) {
                    if (got[i] != 0) {
                        byId.computeIfAbsent(got[i], k -> new HashSet<>()).add(i);
                    }
                }
                assertThat(byId).hasSameSizeAs(expected);
                for (int[] m : expected) {
                    Set<Integer> px = new HashSet<>();
                    for (int i = 0; i < m.length; i++) {
                        if (m[i] != 0) {
                            px.add(i);
                        }
                    }
                    assertThat(byId.values()).contains(px);
                    instances++;
                }
            }
        }
        assertThat(instances).isGreaterThan(5);
    }

    @Test
    void aWorldFileRasterIsSaidInTheWarningsAndInStatsTxt() throws Exception {
        // issue 21.2: the imagery and its class raster without georeferencing tags, each with a world file and a .prj
        Path image = dir.resolve("world-image.tif");
        Path classes = dir.resolve("world-classes.tif");
        try (GeoTiffWriter w = GeoTiffWriter.create(image, GeoTiffWriter.Options.of(W, H, 3, SampleType.UINT8))) {
            w.writeRows(new byte[W * H * 3], H);
        }
        try (GeoTiffWriter w = GeoTiffWriter.create(classes, GeoTiffWriter.Options.of(W, H, 1, SampleType.UINT8))) {
            byte[] ones = new byte[W * H];
            java.util.Arrays.fill(ones, (byte) 1);
            w.writeRows(ones, H);
        }
        String wkt = Crs.toWkt1(Crs.forEpsg(32633));
        for (String base : new String[] {"world-image", "world-classes"}) {
            Files.writeString(dir.resolve(base + ".tfw"), "1\n0\n0\n-1\n" + (X0 + 0.5) + "\n" + (Y0 - 0.5) + "\n");
            Files.writeString(dir.resolve(base + ".prj"), wkt);
        }
        ExportTrainingDataParameters p = ExportTrainingDataParameters.of(image, dir.resolve("world-out"), new ClassData.Raster(classes))
                .withFormat(MetadataFormat.Classified_Tiles, ChipFormat.TIFF).withTiles(100, 100, 100, 100);
        ExportTrainingDataResult r = export(p);
        String note = "Georeferencing read from the world file world-image.tfw, its coordinate reference system from world-image.prj.";
        assertThat(r.warnings()).contains(note);
        assertThat(Files.readString(r.outFolder().resolve("stats.txt"))).contains("Georeferencing: " + note);
        try (RasterSource chip = RasterFiles.open(r.outFolder().resolve(map(r.outFolder()).get(0)[0]))) {
            assertThat(chip.grid().gridToCrs().getScaleX()).isEqualTo(1.0);
            assertThat(chip.grid().hasCrs()).isTrue();
        }
    }

    @Test
    void classifiedRasterGivesItsValuesAsLabels() throws Exception {
        ExportTrainingDataParameters p = ExportTrainingDataParameters.of(raster, dir.resolve("ctr"), new ClassData.Raster(classRaster))
                .withFormat(MetadataFormat.Classified_Tiles, ChipFormat.TIFF).withTiles(100, 100, 100, 100);
        ExportTrainingDataResult r = export(p);
        List<String[]> lines = map(r.outFolder());
        assertThat(lines).hasSize(9); // 3 x 3 tiles, the last ones shifted back to the edge
        for (String[] l : lines) {
            int[] got = readLabel(r.outFolder().resolve(l[1]));
            AffineTransformation toChip = mapToChip(r.outFolder().resolve(l[0]));
            // chip pixel (0,0) centre -> raster pixel
            Coordinate c = new Coordinate(0.5, 0.5);
            AffineTransformation toMap;
            try {
                toMap = toChip.getInverse();
            } catch (org.locationtech.jts.geom.util.NoninvertibleTransformationException e) {
                throw new IllegalStateException(e);
            }
            toMap.transform(c, c);
            int ox = (int) Math.floor(c.x - X0);
            int oy = (int) Math.floor(Y0 - c.y);
            for (int y = 0; y < 100; y++) {
                for (int x = 0; x < 100; x++) {
                    assertThat(got[y * 100 + x]).isEqualTo(((ox + x) / 40 + (oy + y) / 50) % 3);
                }
            }
        }
        assertThat(r.labelsByClass()).containsKeys("1", "2");
    }

    @Test
    void labeledTilesAreOneChipPerFeatureCentredOnIt() throws Exception {
        ExportTrainingDataResult r = export(params("lt", MetadataFormat.Labeled_Tiles, ChipFormat.TIFF).withTiles(64, 64, 64, 64));
        List<String[]> lines = map(r.outFolder());
        assertThat(lines).hasSize(polys.size());
        for (String[] l : lines) {
            List<double[]> boxes = vocBoxes(r.outFolder().resolve(l[1]));
            assertThat(boxes).hasSize(1);
            double[] b = boxes.get(0);
            assertThat((b[1] + b[3]) / 2).isCloseTo(32, within(1.0));
            checkPixels(r.outFolder().resolve(l[0]));
        }
    }

    @Test
    void overwriteKeepsTheUsersOtherFiles() throws Exception {
        ExportTrainingDataParameters p = params("ow", MetadataFormat.PASCAL_VOC_rectangles, ChipFormat.TIFF);
        export(p);
        Path notes = p.outFolder().resolve("images").resolve("notes.txt");
        Files.writeString(notes, "mine");
        assertThatThrownBy(() -> export(p)).isInstanceOf(UserException.class).hasMessageContaining("not empty");
        ExportTrainingDataResult again = export(p.withFormat(MetadataFormat.KITTI_rectangles, ChipFormat.PNG).withOverwrite(true));
        assertThat(notes).hasContent("mine");
        try (Stream<Path> s = Files.list(p.outFolder().resolve("images"))) {
            assertThat(s.filter(f -> f.toString().endsWith(".tif")).count()).as("old TIFF chips gone").isZero();
        }
        assertThat(map(p.outFolder())).hasSize((int) again.chips());
        assertThat(again.warnings()).anyMatch(w -> w.contains("left as they were"));
    }

    /**
     * An --overwrite builds the new export beside the old one (issue 21, point 1): while it runs, and when it is
     * cancelled or fails, the earlier export is as it was; only a completed one replaces it.
     */
    @Test
    void anOverwriteThatDoesNotCompleteLeavesTheEarlierExportWhole() throws Exception {
        ExportTrainingDataParameters p = params("owfail", MetadataFormat.PASCAL_VOC_rectangles, ChipFormat.TIFF);
        export(p);
        java.util.Map<String, String> before = tree(p.outFolder());
        ExportTrainingDataParameters again = p.withFormat(MetadataFormat.KITTI_rectangles, ChipFormat.PNG).withOverwrite(true);
        List<Boolean> oldWhole = new java.util.ArrayList<>();
        org.deepraster.job.ResultSink<ExportTrainingDataTool.ExportedChip> failing = chips -> {
            oldWhole.add(tree(p.outFolder()).equals(before));
            throw new IOException("disk trouble");
        };
        try {
            ExportTrainingDataResult r = new ExportTrainingDataTool().run(again, Progress.NONE, List.of(failing));
            assertThat(r.warnings()).anyMatch(w -> w.contains("was left as it was"));
        } catch (IOException expected) {
            // a failure that ends the run is as good
        }
        assertThat(oldWhole).isNotEmpty().containsOnly(true);
        assertThat(tree(p.outFolder())).isEqualTo(before);
        Progress cancelled = Progress.cancelledWhen(() -> true);
        new ExportTrainingDataTool().run(again, cancelled, List.of());
        assertThat(tree(p.outFolder())).isEqualTo(before);
        assertThat(p.outFolder().resolveSibling(".owfail.partial")).doesNotExist();
        ExportTrainingDataResult done = export(again);
        assertThat(done.outFolder()).isEqualTo(p.outFolder().toAbsolutePath());
        assertThat(map(p.outFolder())).hasSize((int) done.chips());
        assertThat(tree(p.outFolder())).isNotEqualTo(before);
    }

    /** Every file under {@code dir} (relative name to content hash). */
    private static java.util.Map<String, String> tree(Path dir) throws IOException {
        java.util.Map<String, String> m = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                m.put(dir.relativize(f).toString(), java.util.Arrays.toString(Files.readAllBytes(f)).hashCode() + "");
            }
        }
        return m;
    }

    @Test
    void cancelLeavesAValidSmallerExport() throws Exception {
        AtomicInteger worked = new AtomicInteger();
        Progress cancelAfterFirst = new Progress() {
            @Override
            public void begin(String task, long total) {
            }

            @Override
            public void worked(long steps) {
                worked.addAndGet((int) steps);
            }

            @Override
            public boolean isCancelled() {
                return worked.get() > 0;
            }
        };
        ExportTrainingDataParameters p = params("cancel", MetadataFormat.PASCAL_VOC_rectangles, ChipFormat.TIFF)
                .withTiles(32, 32, 8, 8).withOptions(true, 0, 0, 0);
        ExportTrainingDataResult r = new ExportTrainingDataTool().run(p, cancelAfterFirst, List.of());
        assertThat(r.report().outcome()).isEqualTo(JobReport.Outcome.CANCELLED);
        assertThat(r.chips()).isLessThan(r.report().progress().total());
        List<String[]> lines = map(p.outFolder());
        assertThat(lines).hasSize((int) r.chips());
        try (Stream<Path> s = Files.list(p.outFolder().resolve("images"))) {
            assertThat(s.count()).isEqualTo(r.chips());
        }
        assertThat(p.outFolder().resolve("esri_accumulated_stats.json")).exists();
        assertThat(p.outFolder().resolve(ExportTrainingDataTool.PENDING)).doesNotExist();
    }

    @Test
    void theSummarysChipCountsAddUp() throws Exception {
        // every tile of the grid, and the same grid keeping only the tiles with a feature
        ExportTrainingDataResult all = export(params("count-all", MetadataFormat.PASCAL_VOC_rectangles, ChipFormat.TIFF)
                .withTiles(32, 32, 32, 32).withOptions(true, 0, 0, 0));
        ExportTrainingDataResult some = export(params("count-some", MetadataFormat.PASCAL_VOC_rectangles, ChipFormat.TIFF)
                .withTiles(32, 32, 32, 32).withOptions(false, 0, 0, 0));
        long noFeature = some.notCut().getOrDefault(ChipLayout.NO_FEATURE, 0L);
        assertThat(noFeature).isPositive();
        assertThat(some.chips()).isPositive();
        // the positions looked at are the grid's, written + left out; the progress counts what is cut
        assertThat(some.lookedAt()).isEqualTo(all.chips()).isEqualTo(all.lookedAt());
        assertThat(some.lookedAt()).isEqualTo(some.chips() + noFeature + some.summary().skipped());
        assertThat(some.report().progress().total()).isEqualTo(some.lookedAt() - noFeature);
        long notWritten = noFeature + some.summary().skipped();
        assertThat(some.describe()).contains(some.lookedAt() + " chips looked at: " + some.chips() + " written, "
                + notWritten + " not written\n").contains("  " + ChipLayout.NO_FEATURE + ": " + noFeature);
        assertThat(some.warnings()).noneMatch(w -> w.contains("no feature"));
        assertThat(Files.readString(some.outFolder().resolve("stats.txt"))).contains(ChipLayout.NO_FEATURE);
    }

    @Test
    void badParametersAreUserErrors() {
        assertThatThrownBy(() -> new ExportTrainingDataTool().plan(params("bad1", MetadataFormat.PASCAL_VOC_rectangles,
                ChipFormat.TIFF).withTiles(0, 10, 5, 5))).isInstanceOf(UserException.class);
        assertThatThrownBy(() -> new ExportTrainingDataTool().plan(ExportTrainingDataParameters.of(raster, dir.resolve("bad2"),
                new ClassData.Raster(classRaster)))).isInstanceOf(UserException.class).hasMessageContaining("Classified_Tiles");
        assertThatThrownBy(() -> new ExportTrainingDataTool().plan(params("bad3", MetadataFormat.PASCAL_VOC_rectangles,
                ChipFormat.TIFF).withClassValueField("nope"))).isInstanceOf(UserException.class).hasMessageContaining("nope");
    }

    @Test
    void tileOriginsEndAtTheEdge() {
        assertThat(ExportTrainingDataTool.Plan.starts(0, 300, 128, 96)).containsExactly(0, 96, 172);
        assertThat(ExportTrainingDataTool.Plan.starts(10, 100, 128, 64)).containsExactly(10);
        assertThat(ExportTrainingDataTool.Plan.starts(0, 256, 128, 128)).containsExactly(0, 128);
    }
}
