package org.deepraster.campaign;

import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.deepraster.geo.Crs;
import org.deepraster.model.Fixtures;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.SampleType;

/**
 * The generator of the hostile-input campaign (issue 21): corrupt and hostile model definitions, packages and
 * GeoTIFFs, made from one small valid raster and one fixture model, each with what a correct run must do.
 * {@link #small} is the CI set; {@link #random} adds seeded corruptions for the longer optional run.
 */
final class HostileInputs {
    /**
     * What a case must give: refused (exit code 2); refused or its damaged tiles reported as read errors (exit code 1
     * or 2, never a clean-looking 0); or any clean outcome.
     */
    enum Expect { REFUSED, READ_ERROR, ANY, WARNED }

    /**
     * One case: the command ({@code classify-pixels} unless said) run on a raster and a model, or with {@code args}
     * (then followed by the output and {@code --overwrite}), and what it must give. {@link Expect#WARNED}: refused, or
     * a run that says what it found (a warning). A case that must run and say something ({@code mustSay},
     * georeferencing cases) is a silent wrong output when it runs without printing it as a warning and writing it in
     * the output's metadata, or (with {@code georef}) when a GeoTIFF output is not on that transform.
     */
    record Case(String name, Path raster, String model, Expect expect, String tool, List<String> args, String mustSay,
                AffineTransform georef) {
        Case(String name, Path raster, String model, Expect expect) {
            this(name, raster, model, expect, "classify-pixels");
        }

        Case(String name, Path raster, String model, Expect expect, String tool) {
            this(name, raster, model, expect, tool, null, null, null);
        }

        Case(String name, Path raster, String model, Expect expect, String tool, List<String> args) {
            this(name, raster, model, expect, tool, args, null, null);
        }

        Case(String name, Path raster, String model, Expect expect, String tool, String mustSay, AffineTransform georef) {
            this(name, raster, model, expect, tool, null, mustSay, georef);
        }
    }

    final Path dir;
    final Path raster;
    private final Path onnx;

    HostileInputs(Path dir) throws IOException {
        this.dir = dir;
        raster = dir.resolve("valid.tif");
        Random rnd = new Random(3);
        GeoTiffWriter.Options o = GeoTiffWriter.Options.of(96, 96, 3, SampleType.UINT8)
                .georeferenced(new AffineTransform(0.5, 0, 0, -0.5, 500000, 4100000), Crs.forEpsg(32633))
                .withCompression(GeoTiffWriter.Compression.NONE).withTileSize(32);
        try (GeoTiffWriter w = GeoTiffWriter.create(raster, o)) {
            byte[] tile = new byte[32 * 32 * 3];
            for (int ty = 0; ty < w.tilesDown(); ty++) {
                for (int tx = 0; tx < w.tilesAcross(); tx++) {
                    rnd.nextBytes(tile);
                    w.writeTileBytes(tx, ty, tile);
                }
            }
        }
        onnx = dir.resolve("model.onnx");
        Files.copy(Fixtures.onnx("seg_conv"), onnx);
    }

    static String emdText(String modelFile, String extra) {
        return "{\"Framework\": \"ONNX\", \"ModelFile\": \"" + modelFile + "\", \"ModelType\": \"ImageClassification\","
                + " \"ImageHeight\": 32, \"ImageWidth\": 32, \"ExtractBands\": [0, 1, 2]" + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    /** The fixture ONNX model of the classify-pixels cases. */
    Path onnx() {
        return onnx;
    }

    String emd(String name, String text) throws IOException {
        Path p = dir.resolve(name + ".emd");
        Files.writeString(p, text);
        return p.toString();
    }

    private String dlpk(String name, Map<String, byte[]> entries) throws IOException {
        Path p = dir.resolve(name + ".dlpk");
        try (OutputStream os = Files.newOutputStream(p); ZipOutputStream z = new ZipOutputStream(os)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return p.toString();
    }

    /** A package holding {@code mb} MB of zeros beside a valid model (a few hundred kB packed). */
    private String bomb(int mb) throws IOException {
        Path p = dir.resolve("bomb.dlpk");
        try (OutputStream os = Files.newOutputStream(p); ZipOutputStream z = new ZipOutputStream(os)) {
            for (var e : pkg(emdText("model.onnx", "")).entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
            z.putNextEntry(new ZipEntry("zeros.bin"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < mb; i++) {
                z.write(zeros);
            }
            z.closeEntry();
        }
        return p.toString();
    }

    private Map<String, byte[]> pkg(String emd) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("m.emd", emd.getBytes(StandardCharsets.UTF_8));
        m.put("model.onnx", Files.readAllBytes(onnx));
        return m;
    }

    Path tiff(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name + ".tif");
        Files.write(p, bytes);
        return p;
    }

    /** The CI set: every hostile kind once. */
    List<Case> small() throws IOException {
        List<Case> c = new ArrayList<>();
        String m = onnx.toString().replace("\\", "/");
        String good = emd("good", emdText(m, ""));
        c.add(new Case("valid input (control)", raster, good, Expect.ANY));
        // model definitions
        c.add(new Case("emd: no ModelType", raster, emd("notype", emdText(m, "").replace("\"ModelType\": \"ImageClassification\",", "")), Expect.REFUSED));
        c.add(new Case("emd: unknown ModelType", raster, emd("badtype", emdText(m, "").replace("ImageClassification", "Banana")), Expect.REFUSED));
        c.add(new Case("emd: no ImageHeight/ImageWidth", raster, emd("nosize", emdText(m, "").replace("\"ImageHeight\": 32, \"ImageWidth\": 32,", "")), Expect.REFUSED));
        c.add(new Case("emd: ExtractBands [\"99999999999\"]", raster, emd("bands", emdText(m, "").replace("[0, 1, 2]", "[\"99999999999\"]")), Expect.REFUSED));
        c.add(new Case("emd: ExtractBands [7]", raster, emd("band7", emdText(m, "").replace("[0, 1, 2]", "[7, 1, 2]")), Expect.REFUSED));
        c.add(new Case("emd: BatchSize 1e9", raster, emd("batch", emdText(m, "\"BatchSize\": 1e9")), Expect.REFUSED));
        c.add(new Case("emd: ImageHeight 2^31-1", raster, emd("huge", emdText(m, "").replace("32, \"ImageWidth\": 32", "2147483647, \"ImageWidth\": 2147483647")), Expect.REFUSED));
        String stats = "\"NormalizationStats\": {\"band_min_values\": [0, 0, 0], \"band_max_values\": [255, 255, 255],"
                + " \"scaled_mean_values\": [0.5, 0.5, 0.5], \"scaled_std_values\": %s}";
        c.add(new Case("emd: scaled_std_values 0", raster, emd("std0", emdText(m, String.format(stats, "[0, 0, 0]"))), Expect.REFUSED));
        c.add(new Case("emd: scaled_std_values NaN", raster, emd("stdnan", emdText(m, String.format(stats, "[\"NaN\", 1, 1]"))), Expect.REFUSED));
        c.add(new Case("emd: DataRange [0, 1e999]", raster, emd("inf", emdText(m, "\"DataRange\": [0, 1e999]")), Expect.REFUSED));
        c.add(new Case("emd: ModelFile missing", raster, emd("nofile", emdText(dir.resolve("absent.onnx").toString().replace("\\", "/"), "")), Expect.REFUSED));
        c.add(new Case("emd: ModelFile is a folder", raster, emd("folder", emdText(dir.toString().replace("\\", "/"), "")), Expect.REFUSED));
        c.add(new Case("emd: not JSON", raster, emd("notjson", "{\"Framework\": \"ONNX\", "), Expect.REFUSED));
        c.add(new Case("emd: empty file", raster, emd("empty", ""), Expect.REFUSED));
        c.add(new Case("emd: Framework PyTorch", raster, emd("torch", emdText(m, "").replace("\"ONNX\"", "\"PyTorch\"")), Expect.REFUSED));
        // packages
        c.add(new Case("dlpk: zip bomb (300 MB of zeros)", raster, bomb(300), Expect.REFUSED));
        Map<String, byte[]> slip = pkg(emdText("model.onnx", ""));
        slip.put("../../evil.txt", new byte[] {1});
        c.add(new Case("dlpk: zip slip entry", raster, dlpk("slip", slip), Expect.REFUSED));
        c.add(new Case("dlpk: ModelFile outside the package", raster, dlpk("outside", pkg(emdText("../../model.onnx", ""))), Expect.REFUSED));
        c.add(new Case("dlpk: no .emd", raster, dlpk("noemd", Map.of("model.onnx", Files.readAllBytes(onnx))), Expect.REFUSED));
        Path notZip = dir.resolve("notzip.dlpk");
        Files.write(notZip, new byte[] {'P', 'K', 3, 4, 0, 0, 9, 9});
        c.add(new Case("dlpk: not a zip", raster, notZip.toString(), Expect.REFUSED));
        Path cut = dir.resolve("cut.dlpk");
        byte[] whole = Files.readAllBytes(Path.of(dlpk("whole", pkg(emdText("model.onnx", "")))));
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        c.add(new Case("dlpk: truncated", raster, cut.toString(), Expect.REFUSED));
        // rasters
        byte[] tif = Files.readAllBytes(raster);
        c.add(new Case("tiff: empty file", tiff("empty", new byte[0]), good, Expect.REFUSED));
        c.add(new Case("tiff: header only", tiff("header", java.util.Arrays.copyOf(tif, 8)), good, Expect.REFUSED));
        c.add(new Case("tiff: not a TIFF", tiff("text", "hello".getBytes(StandardCharsets.US_ASCII)), good, Expect.REFUSED));
        byte[] far = tif.clone();
        ByteBuffer.wrap(far).order(order(tif)).putInt(4, Integer.MAX_VALUE);
        c.add(new Case("tiff: IFD offset beyond the end", tiff("far", far), good, Expect.REFUSED));
        c.add(new Case("tiff: width 2^31-1", tiff("wide", patchTag(tif, 256, Integer.MAX_VALUE)), good, Expect.REFUSED));
        for (int pct : new int[] {30, 60, 90}) { // pixels cut off: a read error, not zeros
            c.add(new Case("tiff: truncated to " + pct + " %", tiff("cut" + pct, java.util.Arrays.copyOf(tif, tif.length * pct / 100)),
                    good, Expect.REFUSED));
        }
        c.add(new Case("tiff: a tile past the end of the file", tiff("tilepast", patchArray(tif, 324, 0, tif.length - 100)),
                good, Expect.READ_ERROR));
        c.add(new Case("tiff: a tile shorter than it must be", tiff("tileshort", patchArray(tif, 325, 4, 1000)),
                good, Expect.READ_ERROR));
        c.add(new Case("tiff: an unknown predictor", tiff("predictor", addShort(tif, 317, 7)), good, Expect.REFUSED));
        c.add(new Case("tiff: 65535 bands", tiff("bands", patchTag(tif, 277, 65535)), good, Expect.REFUSED));
        return c;
    }

    /** The longer run: {@code n} seeded corruptions of the raster (bytes flipped in the header and directory). */
    List<Case> random(int n, long seed) throws IOException {
        List<Case> c = new ArrayList<>();
        String good = emd("good", emdText(onnx.toString().replace("\\", "/"), ""));
        byte[] tif = Files.readAllBytes(raster);
        int ifd = ByteBuffer.wrap(tif).order(order(tif)).getInt(4);
        Random rnd = new Random(seed);
        for (int i = 0; i < n; i++) {
            byte[] b = tif.clone();
            int flips = 1 + rnd.nextInt(4);
            for (int k = 0; k < flips; k++) {
                int at = rnd.nextInt(10) == 0 ? rnd.nextInt(8) : ifd + rnd.nextInt(tif.length - ifd);
                b[at] = (byte) rnd.nextInt(256);
            }
            c.add(new Case("tiff: random corruption #" + i, tiff("random" + i, b), good, Expect.ANY));
        }
        return c;
    }

    /** The file with element {@code index} of the LONG array of tag {@code tag} (first directory) set to {@code value}. */
    static byte[] patchArray(byte[] tif, int tag, int index, long value) {
        byte[] b = tif.clone();
        ByteBuffer bb = ByteBuffer.wrap(b).order(order(tif));
        int ifd = bb.getInt(4);
        int n = bb.getShort(ifd) & 0xffff;
        for (int i = 0; i < n; i++) {
            int e = ifd + 2 + i * 12;
            if ((bb.getShort(e) & 0xffff) == tag) {
                int at = bb.getInt(e + 4) * 4 <= 4 ? e + 8 : bb.getInt(e + 8);
                bb.putInt(at + 4 * index, (int) value);
            }
        }
        return b;
    }

    /** The file with the SHORT tag {@code tag} of the first directory set to {@code value}, replacing an existing one. */
    static byte[] addShort(byte[] tif, int tag, int value) {
        byte[] b = tif.clone();
        ByteBuffer bb = ByteBuffer.wrap(b).order(order(tif));
        int ifd = bb.getInt(4);
        int n = bb.getShort(ifd) & 0xffff;
        for (int i = 0; i < n; i++) {
            int e = ifd + 2 + i * 12;
            int t = bb.getShort(e) & 0xffff;
            if (t == tag || t == 259) { // the predictor's own entry, or else Compression's place is taken: keep both
                if (t == tag) {
                    bb.putShort(e + 8, (short) value);
                    return b;
                }
            }
        }
        // no such tag: overwrite PlanarConfiguration (284, SHORT 1, redundant for these files) with it, keeping order
        for (int i = 0; i < n; i++) {
            int e = ifd + 2 + i * 12;
            if ((bb.getShort(e) & 0xffff) == 284) {
                bb.putShort(e, (short) tag);
                bb.putShort(e + 8, (short) value);
            }
        }
        return b;
    }

    private static ByteOrder order(byte[] tif) {
        return tif[0] == 'M' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    /** The file with tag {@code tag} of the first directory set to {@code value} (a classic TIFF's LONG or SHORT). */
    static byte[] patchTag(byte[] tif, int tag, long value) {
        byte[] b = tif.clone();
        ByteBuffer bb = ByteBuffer.wrap(b).order(order(tif));
        int ifd = bb.getInt(4);
        int n = bb.getShort(ifd) & 0xffff;
        for (int i = 0; i < n; i++) {
            int e = ifd + 2 + i * 12;
            if ((bb.getShort(e) & 0xffff) == tag) {
                int type = bb.getShort(e + 2);
                if (type == 3) {
                    bb.putShort(e + 8, (short) value);
                } else {
                    bb.putInt(e + 8, (int) value);
                }
            }
        }
        return b;
    }
}
