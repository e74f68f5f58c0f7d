package org.deepraster.tool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deepraster.model.ModelDefinition;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.util.UserException;

/** The raster inputs every raster tool opens the same way: files or folders, and the bands a model reads. */
public final class RasterInputs {
    private RasterInputs() {
    }

    /**
     * Adds each raster's {@link RasterSource#georeferencingNotes()} ("No georeferencing could be read from NAME (why):
     * outputs will be in pixel coordinates.", "Georeferencing read from the world file NAME.tfw.", no CRS): said before
     * the run, on the terminal and in the dialog, instead of silently writing pixel units. Many rasters with the same
     * kind of note are summed up after the first three.
     */
    public static void georeferencingWarnings(List<? extends RasterSource> rasters, List<String> warnings) {
        int shown = 0;
        int more = 0;
        for (RasterSource r : rasters) {
            List<String> notes = r.georeferencingNotes();
            if (notes.isEmpty()) {
                continue;
            }
            if (shown < 3) {
                for (String n : notes) {
                    if (!warnings.contains(n)) {
                        warnings.add(n);
                    }
                }
                shown++;
            } else {
                more++;
            }
        }
        if (more > 0) {
            warnings.add(more + " more of the " + rasters.size() + " rasters have georeferencing notes like these (see each"
                    + " output's metadata).");
        }
    }

    /** The metadata item (GDAL_METADATA of GeoTIFF outputs) that holds {@link #georeferencingMetadata}. */
    public static final String GEOREFERENCING_ITEM = "deepraster.georeferencing";

    /** The georeferencing notes of the rasters, one line, for an output's metadata; null when there are none. */
    public static String georeferencingMetadata(List<? extends RasterSource> rasters) {
        List<String> all = new ArrayList<>();
        for (RasterSource r : rasters) {
            for (String n : r.georeferencingNotes()) {
                if (!all.contains(n)) {
                    all.add(n);
                }
            }
        }
        return all.isEmpty() ? null : String.join(" ", all);
    }

    /** The files of {@code in_raster}: files as given, folders expanded to their rasters (sorted). */
    public static List<RasterSource> openRasters(List<Path> inputs) throws IOException {
        if (inputs.isEmpty()) {
            throw new UserException("No input raster given.", "Give a raster file, several files, or a folder of images.");
        }
        List<Path> files = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    List<Path> found = s.filter(Files::isRegularFile).filter(RasterFiles::isRaster).sorted().toList();
                    if (found.isEmpty()) {
                        throw new UserException("The folder " + p + " holds no GeoTIFF images.",
                                "Choose a folder of .tif images, or a raster file.");
                    }
                    files.addAll(found);
                }
            } else {
                files.add(p);
            }
        }
        List<RasterSource> out = new ArrayList<>();
        try {
            for (Path f : files) {
                out.add(RasterFiles.open(f));
            }
        } catch (IOException | RuntimeException e) {
            for (RasterSource r : out) {
                r.close();
            }
            throw e;
        }
        return out;
    }

    /** The 0-based bands to read, checked against the model and every raster. */
    public static int[] bands(ModelDefinition d, int modelChannels, List<RasterSource> rasters) {
        RasterSource first = rasters.get(0);
        int[] bands;
        if (d.extractBands().byName()) {
            List<String> names = d.extractBands().names();
            bands = new int[names.size()];
            for (int i = 0; i < names.size(); i++) {
                int found = -1;
                List<String> have = first.bandNames();
                for (int b = 0; b < have.size(); b++) {
                    if (have.get(b).equalsIgnoreCase(names.get(i))) {
                        found = b;
                    }
                }
                if (found < 0) {
                    throw new UserException("The model reads the band \"" + names.get(i) + "\" but " + first.name()
                            + " has the bands " + have + ".", "Use a raster with these bands, or edit ExtractBands in the .emd.");
                }
                bands[i] = found;
            }
        } else if (!d.extractBands().isEmpty()) {
            bands = d.extractBands().indexes().stream().mapToInt(Integer::intValue).toArray();
        } else {
            int n = modelChannels > 0 ? modelChannels : first.bandCount();
            bands = new int[n];
            for (int i = 0; i < n; i++) {
                bands[i] = i;
            }
        }
        if (modelChannels > 0 && bands.length != modelChannels) {
            throw new UserException("The model " + d.displayName() + " takes " + modelChannels + " bands but its ExtractBands "
                    + d.extractBands() + " selects " + bands.length + ".", "Fix ExtractBands in the .emd.");
        }
        for (RasterSource r : rasters) {
            for (int b : bands) {
                if (b < 0 || b >= r.bandCount()) {
                    throw new UserException("The model " + d.displayName() + " reads " + bands.length + " bands (0-based "
                            + java.util.Arrays.toString(bands) + ") but " + r.name() + " has " + r.bandCount()
                            + (r.bandCount() == 1 ? " band." : " bands."),
                            "Use a raster with the bands the model was trained on (e.g. an RGB image for an RGB model),"
                                    + " or a model made for this imagery.");
                }
            }
        }
        return bands;
    }
}
