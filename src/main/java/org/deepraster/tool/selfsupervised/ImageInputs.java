package org.deepraster.tool.selfsupervised;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.util.UserException;

/**
 * The images of a run and their label rasters: files as given, folders expanded to their GeoTIFFs, JPEGs and PNGs
 * ({@link PlainImage}: no georeferencing) (sorted; files
 * named {@code SCLS_*} are label rasters, not images); the label raster of {@code NAME.ext} is {@code SCLS_NAME.tif}
 * (or {@code .tiff}) beside it or in the label folder. Checked up front: each image opens, is at least one tile large
 * and has the model's bands; each label raster opens, has one band and the image's size.
 */
final class ImageInputs {
    static final String LABEL_PREFIX = "SCLS_";

    private ImageInputs() {
    }

    /** One image: its file, name (file name without extension), size, and label raster (null: none). */
    record Input(Path image, String name, int width, int height, Path labels, List<String> georeferencing) {
    }

    static List<Path> expand(List<Path> given) throws IOException {
        if (given.isEmpty()) {
            throw new UserException("No input image given.", "Give an image file, several (separated by ;), or a folder.");
        }
        List<Path> files = new ArrayList<>();
        for (Path p : given) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    List<Path> found = s.filter(Files::isRegularFile)
                            .filter(f -> !f.getFileName().toString().startsWith(LABEL_PREFIX))
                            .filter(f -> RasterFiles.isRaster(f) || PlainImage.isPhoto(f)).sorted().toList();
                    if (found.isEmpty()) {
                        throw new UserException("The folder " + p + " holds no GeoTIFF, JPEG or PNG images (besides SCLS_"
                                + " label rasters).", "Choose a folder of images, or an image file.");
                    }
                    files.addAll(found);
                }
            } else {
                files.add(p);
            }
        }
        return files;
    }

    static String name(Path image) {
        String n = image.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** The label raster of an image, or null. */
    static Path labelsOf(Path image, Path labelFolder) {
        Path dir = labelFolder != null ? labelFolder : image.toAbsolutePath().getParent();
        for (String ext : new String[] {".tif", ".tiff", ".TIF"}) {
            Path p = dir.resolve(LABEL_PREFIX + name(image) + ext);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** Opens each image and label raster once to check them (closed again: images are processed one at a time). */
    static Input check(Path image, Path labelFolder, int tileSize, int[] bands) throws IOException {
        int w;
        int h;
        List<String> georeferencing;
        try (RasterSource r = PlainImage.open(image)) {
            w = r.width();
            h = r.height();
            georeferencing = r.georeferencingNotes();
            if (w < tileSize || h < tileSize) {
                throw new UserException("The image " + image + " (" + w + " x " + h + " px) is smaller than one tile of "
                        + tileSize + " x " + tileSize + " px.", "Use a smaller --tile_size (and a model made for it), or a"
                        + " larger image.");
            }
            for (int b : bands) {
                if (b >= r.bandCount()) {
                    throw new UserException("The model reads band " + (b + 1) + " but " + image + " has " + r.bandCount()
                            + " band(s).", "Use images with the bands the model was trained on.");
                }
            }
        }
        Path labels = labelsOf(image, labelFolder);
        if (labels != null) {
            try (RasterSource l = RasterFiles.open(labels)) {
                if (l.width() != w || l.height() != h) {
                    throw new UserException("The label raster " + labels + " is " + l.width() + " x " + l.height()
                            + " px but its image " + image + " is " + w + " x " + h + " px.",
                            "Give each image a label raster of its own size (SCLS_NAME.tif), or move the wrong one away.");
                }
                if (l.bandCount() != 1) {
                    throw new UserException("The label raster " + labels + " has " + l.bandCount() + " bands; it needs one"
                            + " band of class values.", "Write the labels as a single-band raster of class values.");
                }
            }
        }
        return new Input(image, name(image), w, h, labels, georeferencing);
    }
}
