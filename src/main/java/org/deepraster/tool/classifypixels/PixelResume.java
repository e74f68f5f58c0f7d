package org.deepraster.tool.classifypixels;

import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deepraster.geo.GridGeometry;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.tiling.Tile;
import org.deepraster.util.UserException;

/**
 * Resume of Classify Pixels: the settings a resumed run must share with the run that made the
 * output (stored as GDAL_METADATA), the reopened outputs (handed to the run), the output blocks they
 * hold and the keys of the tiles that touch only those (not run again). Planning thread; the
 * reopened writers go to the {@link BlockWriter} on the writer thread.
 */
final class PixelResume {
    static final String TOOL = "classify-pixels resume v1";
    private static final int BLOCK = ClassifyPixelsTool.BLOCK;
    private final Map<String, String> settings;
    private GeoTiffWriter classes;
    private GeoTiffWriter confidence;
    /** Blocks written in every output by an earlier run (null: none). */
    boolean[] finishedBlocks;
    final Set<String> doneKeys = new HashSet<>();

    /** @param settings the GDAL_METADATA items but the file's role, in order */
    PixelResume(Map<String, String> settings) {
        this.settings = settings;
    }

    /**
     * The settings of a run: the model (file hash), tiling, merge and decision settings, bands,
     * classes, the input's grid, the region and mask.
     */
    static Map<String, String> settings(String model, PixelTiling t, String decision, String bands, String classes,
                                        Path inRaster, GridGeometry input, String mask) {
        Rectangle roi = t.region.roi();
        AffineTransform g = input.gridToCrs();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("deepraster.model", model);
        m.put("deepraster.tiling", "chip " + t.chipW + "x" + t.chipH + ", padding " + t.padX + "," + t.padY
                + ", model output " + t.outW + "x" + t.outH + ", edges mirrored");
        m.put("deepraster.blend_tiles", String.valueOf(t.blend));
        m.put("deepraster.decision", decision);
        m.put("deepraster.bands", bands);
        m.put("deepraster.classes", classes);
        m.put("deepraster.input", inRaster.getFileName() + " " + input.width() + "x" + input.height()
                + " " + g.getScaleX() + "," + g.getShearX() + "," + g.getTranslateX() + "," + g.getShearY() + ","
                + g.getScaleY() + "," + g.getTranslateY());
        m.put("deepraster.extent", roi.x + "," + roi.y + " " + roi.width + "x" + roi.height + ", mask " + mask);
        return m;
    }

    /** The GDAL_METADATA of one output file ({@code role} "classes" or "confidence"), one item a line. */
    String metadata(String role) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("deepraster.tool", TOOL);
        m.put("deepraster.file", role);
        m.putAll(settings);
        StringBuilder b = new StringBuilder("<GDALMetadata>\n");
        for (Map.Entry<String, String> e : m.entrySet()) {
            b.append("  <Item name=\"").append(e.getKey()).append("\">").append(e.getValue().replace("&", "&amp;")
                    .replace("<", "&lt;").replace(">", "&gt;")).append("</Item>\n");
        }
        return b.append("</GDALMetadata>").toString();
    }

    /** "sha256:" and the first 16 hex digits of the model file's hash (of the definition text when there is no file). */
    static String modelHash(Path modelFile, String definitionText) throws IOException {
        if (modelFile != null && Files.isRegularFile(modelFile)) {
            try (InputStream in = Files.newInputStream(modelFile)) {
                MessageDigest md = sha();
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                }
                return "sha256:" + HexFormat.of().formatHex(md.digest()).substring(0, 16);
            }
        }
        return "sha256:" + sha256(String.valueOf(definitionText).getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] data) {
        return HexFormat.of().formatHex(sha().digest(data)).substring(0, 16);
    }

    /**
     * Reopens the existing output(s) after checking they were made with the same settings, and finds
     * the finished blocks (written in every output) and the tiles whose areas touch only those.
     */
    void reopen(Path output, GeoTiffWriter.Options classOptions, Path confidenceOutput,
                GeoTiffWriter.Options confidenceOptions, List<Tile> tiles, PixelTiling tiling) throws IOException {
        try {
            classes = reopen(output, classOptions, metadata("classes"));
            confidence = confidenceOutput == null ? null : reopen(confidenceOutput, confidenceOptions, metadata("confidence"));
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        if (classes == null) {
            return; // nothing to resume: the run starts from scratch
        }
        int across = classes.tilesAcross();
        finishedBlocks = new boolean[across * classes.tilesDown()];
        for (int i = 0; i < finishedBlocks.length; i++) {
            finishedBlocks[i] = classes.isTileWritten(i % across, i / across)
                    && (confidenceOutput == null || (confidence != null && confidence.isTileWritten(i % across, i / across)));
        }
        for (Tile t : tiles) {
            if (allFinished(tiling.local(t), across, tiling.region.roi())) {
                doneKeys.add(t.key());
            }
        }
    }

    /** Whether every block the area (output pixels) reaches is finished. */
    private boolean allFinished(Rectangle area, int across, Rectangle roi) {
        Rectangle a = area.intersection(new Rectangle(0, 0, roi.width, roi.height));
        if (a.isEmpty()) {
            return true;
        }
        for (int by = a.y / BLOCK; by <= (a.y + a.height - 1) / BLOCK; by++) {
            for (int bx = a.x / BLOCK; bx <= (a.x + a.width - 1) / BLOCK; bx++) {
                if (!finishedBlocks[by * across + bx]) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Reopens an existing output to resume it (null when it does not exist); refuses other settings. */
    private static GeoTiffWriter reopen(Path file, GeoTiffWriter.Options o, String settings) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        String found = GeoTiffWriter.readMetadata(file);
        if (found == null || !found.contains(TOOL)) {
            throw new UserException("Cannot resume into " + file + ": it was not written by a Classify Pixels run that"
                    + " can be resumed (or it is damaged).", "Allow overwriting (--overwrite) to start again, or choose"
                    + " another output name.");
        }
        if (!found.equals(settings)) {
            Set<String> have = new LinkedHashSet<>(List.of(found.split("\n")));
            List<String> differ = new ArrayList<>();
            for (String line : settings.split("\n")) {
                if (!have.contains(line)) {
                    differ.add(line.replaceAll("^\\s*<Item name=\"deepraster\\.([^\"]*)\">.*$", "$1"));
                }
            }
            throw new UserException("Cannot resume into " + file + ": it was made with other settings ("
                    + String.join(", ", differ) + " differ).", "Resume with the settings of the run that made it"
                    + " (model, arguments, extent, input), or allow overwriting (--overwrite) to start again.");
        }
        try {
            return GeoTiffWriter.reopenInPlace(file, o, settings);
        } catch (UserException e) {
            throw e;
        } catch (IOException e) {
            throw new UserException("Cannot resume into " + file + ": " + e.getMessage() + ".",
                    "Allow overwriting (--overwrite) to start again, or choose another output name.", e);
        }
    }

    /** The reopened classes writer, handed over once (null when not resuming). */
    GeoTiffWriter takeClasses() {
        GeoTiffWriter w = classes;
        classes = null;
        return w;
    }

    GeoTiffWriter takeConfidence() {
        GeoTiffWriter w = confidence;
        confidence = null;
        return w;
    }

    /** Closes the reopened outputs the run did not take. */
    void close() throws IOException {
        for (GeoTiffWriter w : new GeoTiffWriter[] {classes, confidence}) {
            if (w != null) {
                w.close();
            }
        }
        classes = null;
        confidence = null;
    }
}
