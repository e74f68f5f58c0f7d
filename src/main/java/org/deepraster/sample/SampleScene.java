package org.deepraster.sample;

import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureSchema;
import org.deepraster.feature.FeatureWriter;
import org.deepraster.feature.FeatureWriters;
import org.deepraster.feature.Field;
import org.deepraster.feature.FieldType;
import org.deepraster.feature.GeometryKind;
import org.deepraster.feature.WriteMode;
import org.deepraster.geo.Crs;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.SampleType;
import org.locationtech.jts.awt.ShapeReader;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * A synthetic, georeferenced aerial scene with its ground truth, deterministic for a seed:
 * {@code scene.tif} (RGB, 0.3 m, UTM 33N), {@code landcover.tif} (class values with a colour
 * table) and {@code ground_truth.gpkg} with the tables {@code buildings} (attribute
 * {@code damage}: damaged / undamaged), {@code trees} and {@code cars} (boxes).
 *
 * <p>The {@link Flavour#INSTANCES} flavour draws the buildings that make instance segmentation
 * hard (see {@link InstanceBuildings}); its {@code buildings} table also has the fields
 * {@code class} ("building") and {@code layout} (single, l_shape, row). The standard flavour is
 * what every other caller gets, unchanged.
 */
public final class SampleScene {

    public static final String SCENE = "scene.tif";
    public static final String LANDCOVER = "landcover.tif";
    public static final String GROUND_TRUTH = "ground_truth.gpkg";
    /** Raised whenever the generator draws differently, so that scenes of older versions are redrawn. */
    public static final int GENERATOR_VERSION = 2;
    private static final String VERSION_FILE = "generator-version.txt";
    public static final int EPSG = 32633;
    public static final double PIXEL_SIZE = 0.3;
    /** Land-cover classes: value, name, colour. */
    public static final List<LandCoverClass> LAND_COVER = List.of(
            new LandCoverClass(SceneRenderer.LC_BARE, "Bare ground", 0xB4966E),
            new LandCoverClass(SceneRenderer.LC_GRASS, "Grass", 0x6EAA50),
            new LandCoverClass(SceneRenderer.LC_ROAD, "Road", 0x5A5A5A),
            new LandCoverClass(SceneRenderer.LC_BUILDING, "Building", 0xD23C32),
            new LandCoverClass(SceneRenderer.LC_TREE, "Tree", 0x1E6E28),
            new LandCoverClass(SceneRenderer.LC_WATER, "Water", 0x2850B4));

    /** What the scene's buildings are like. */
    public enum Flavour {
        /** Separate buildings, rectangles and some L shapes: the scene of the sample models and the demo. */
        STANDARD,
        /** Touching rows, L shapes, buildings across 256 px tile edges, trees over roofs, long shadows. */
        INSTANCES
    }

    public record LandCoverClass(int value, String name, int rgb) {
    }

    /** The files of a generated scene. */
    public record Files3(Path scene, Path landCover, Path groundTruth) {
    }

    private final int size;
    private final long seed;
    private final double minX;
    private final double maxY;
    private final Flavour flavour;

    public SampleScene(int size, long seed) {
        this(size, seed, Flavour.STANDARD);
    }

    public SampleScene(int size, long seed, Flavour flavour) {
        this.size = size;
        this.seed = seed;
        this.flavour = flavour;
        // Somewhere plausible in UTM zone 33N; shifted by seed so scenes of different seeds differ.
        this.minX = 500_000 + 2_000 * (seed % 10);
        this.maxY = 5_100_000 - 2_000 * (seed % 10);
    }

    /** The scene in {@code dir}, generated when any of its files is missing. */
    public static Files3 ensure(Path dir, int size, long seed) throws IOException {
        Files3 f = files(dir);
        if (isCurrent(dir)) {
            return f;
        }
        return new SampleScene(size, seed).write(dir);
    }

    /** The scene of a flavour in {@code dir}, generated when missing or written by another version or flavour. */
    public static Files3 ensure(Path dir, int size, long seed, Flavour flavour) throws IOException {
        if (flavour == Flavour.STANDARD) {
            return ensure(dir, size, seed);
        }
        try {
            if (isCurrent(dir, flavour)) {
                return files(dir);
            }
        } catch (RuntimeException e) {
            // fall through: regenerate
        }
        return new SampleScene(size, seed, flavour).write(dir);
    }

    private static boolean isCurrent(Path dir, Flavour flavour) {
        Files3 f = files(dir);
        Path version = dir.resolve(VERSION_FILE);
        try {
            return Files.isRegularFile(f.scene()) && Files.isRegularFile(f.groundTruth()) && Files.isRegularFile(version)
                    && Files.readString(version).trim().equals(versionText(flavour));
        } catch (IOException e) {
            return false;
        }
    }

    private static String versionText(Flavour flavour) {
        return flavour == Flavour.STANDARD ? String.valueOf(GENERATOR_VERSION)
                : GENERATOR_VERSION + " " + flavour.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** True when {@code dir} holds a complete scene written by this version of the generator. */
    public static boolean isCurrent(Path dir) {
        Files3 f = files(dir);
        Path version = dir.resolve(VERSION_FILE);
        try {
            return Files.isRegularFile(f.scene()) && Files.isRegularFile(f.landCover())
                    && Files.isRegularFile(f.groundTruth()) && Files.isRegularFile(version)
                    && Files.readString(version).trim().equals(String.valueOf(GENERATOR_VERSION));
        } catch (IOException e) {
            return false;
        }
    }

    public static Files3 files(Path dir) {
        return new Files3(dir.resolve(SCENE), dir.resolve(LANDCOVER), dir.resolve(GROUND_TRUTH));
    }

    /** Renders the scene and writes its three files into {@code dir} (replacing them). */
    public Files3 write(Path dir) throws IOException {
        Files.createDirectories(dir);
        SceneRenderer r = new SceneRenderer(size, seed, flavour);
        r.render();
        Files3 out = files(dir);
        CoordinateReferenceSystem crs = Crs.forEpsg(EPSG);
        AffineTransform gridToCrs = new AffineTransform(PIXEL_SIZE, 0, 0, -PIXEL_SIZE, minX, maxY);
        // Write to temporary names first so that a killed run never leaves a half scene that
        // ensure() would take for a complete one.
        Path tmpScene = dir.resolve(SCENE + ".part");
        Path tmpLc = dir.resolve(LANDCOVER + ".part");
        Path tmpGt = dir.resolve("ground_truth.part.gpkg");
        Files.deleteIfExists(tmpGt);
        writeRgb(r.rgb, tmpScene, gridToCrs, crs);
        writeLandCover(r.landCover, tmpLc, gridToCrs, crs);
        writeGroundTruth(r, tmpGt, gridToCrs, crs);
        Files.move(tmpScene, out.scene(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmpLc, out.landCover(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmpGt, out.groundTruth(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve(VERSION_FILE), versionText(flavour) + "\n");
        return out;
    }

    private void writeRgb(BufferedImage img, Path file, AffineTransform gridToCrs, CoordinateReferenceSystem crs)
            throws IOException {
        GeoTiffWriter.Options o = GeoTiffWriter.Options.of(size, size, 3, SampleType.UINT8)
                .georeferenced(gridToCrs, crs).withCompression(GeoTiffWriter.Compression.DEFLATE);
        try (GeoTiffWriter w = GeoTiffWriter.create(file, o)) {
            int ts = o.tileSize();
            byte[] tile = new byte[ts * ts * 3];
            int[] row = new int[ts];
            for (int ty = 0; ty < w.tilesDown(); ty++) {
                for (int tx = 0; tx < w.tilesAcross(); tx++) {
                    java.util.Arrays.fill(tile, (byte) 0);
                    int x0 = tx * ts, y0 = ty * ts;
                    int cw = Math.min(ts, size - x0), ch = Math.min(ts, size - y0);
                    for (int y = 0; y < ch; y++) {
                        img.getRGB(x0, y0 + y, cw, 1, row, 0, ts);
                        for (int x = 0; x < cw; x++) {
                            int p = row[x], k = (y * ts + x) * 3;
                            tile[k] = (byte) (p >> 16);
                            tile[k + 1] = (byte) (p >> 8);
                            tile[k + 2] = (byte) p;
                        }
                    }
                    w.writeTileBytes(tx, ty, tile);
                }
            }
        }
    }

    private void writeLandCover(BufferedImage lc, Path file, AffineTransform gridToCrs, CoordinateReferenceSystem crs)
            throws IOException {
        int[] palette = new int[256];
        for (LandCoverClass c : LAND_COVER) {
            palette[c.value()] = c.rgb();
        }
        GeoTiffWriter.Options o = GeoTiffWriter.Options.of(size, size, 1, SampleType.UINT8)
                .georeferenced(gridToCrs, crs).withCompression(GeoTiffWriter.Compression.DEFLATE)
                .withNoData(0.0).withPalette(palette);
        byte[] data = ((DataBufferByte) lc.getRaster().getDataBuffer()).getData();
        try (GeoTiffWriter w = GeoTiffWriter.create(file, o)) {
            int ts = o.tileSize();
            byte[] tile = new byte[ts * ts];
            for (int ty = 0; ty < w.tilesDown(); ty++) {
                for (int tx = 0; tx < w.tilesAcross(); tx++) {
                    java.util.Arrays.fill(tile, (byte) 0);
                    int x0 = tx * ts, y0 = ty * ts;
                    int cw = Math.min(ts, size - x0), ch = Math.min(ts, size - y0);
                    for (int y = 0; y < ch; y++) {
                        System.arraycopy(data, (y0 + y) * size + x0, tile, y * ts, cw);
                    }
                    w.writeTileBytes(tx, ty, tile);
                }
            }
        }
    }

    private void writeGroundTruth(SceneRenderer r, Path file, AffineTransform gridToCrs, CoordinateReferenceSystem crs)
            throws IOException {
        GeometryFactory gf = new GeometryFactory();
        ShapeReader reader = new ShapeReader(gf);
        List<Field> fields = new ArrayList<>(List.of(new Field("damage", FieldType.STRING), new Field("roof", FieldType.STRING),
                new Field("damage_kind", FieldType.STRING)));
        boolean instances = flavour == Flavour.INSTANCES;
        if (instances) {
            fields.add(new Field("class", FieldType.STRING));
            fields.add(new Field("layout", FieldType.STRING));
        }
        FeatureSchema buildings = new FeatureSchema("buildings", GeometryKind.POLYGON, fields, crs);
        List<Feature> bf = new ArrayList<>();
        long id = 1;
        for (SceneRenderer.Building b : r.buildings) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("damage", b.damaged() ? "damaged" : "undamaged");
            a.put("roof", b.roof());
            a.put("damage_kind", b.damageKind());
            if (instances) {
                a.put("class", "building");
                a.put("layout", b.layout());
            }
            bf.add(new Feature(id++, toMap(reader, b.footprint(), gridToCrs), a));
        }
        write(file, buildings, bf);
        for (String kind : List.of("trees", "cars")) {
            List<SceneRenderer.Box> boxes = kind.equals("trees") ? r.trees : r.cars;
            FeatureSchema s = new FeatureSchema(kind, GeometryKind.POLYGON, List.of(new Field("class", FieldType.STRING)), crs);
            List<Feature> fs = new ArrayList<>();
            long i = 1;
            for (SceneRenderer.Box b : boxes) {
                fs.add(new Feature(i++, toMap(reader, b.box(), gridToCrs), Map.of("class", b.kind())));
            }
            write(file, s, fs);
        }
    }

    private static void write(Path file, FeatureSchema schema, List<Feature> features) throws IOException {
        try (FeatureWriter w = FeatureWriters.create(file, schema, WriteMode.CREATE)) {
            w.write(features);
        }
    }

    private static Geometry toMap(ShapeReader reader, Shape pixelShape, AffineTransform gridToCrs) {
        Geometry g = reader.read(pixelShape.getPathIterator(gridToCrs, 0.05));
        if (g instanceof org.locationtech.jts.geom.MultiPolygon mp && mp.getNumGeometries() == 1) {
            g = mp.getGeometryN(0);
        }
        return g instanceof Polygon || g instanceof org.locationtech.jts.geom.MultiPolygon ? g.buffer(0) : g;
    }
}
