package org.deepraster.toolbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.swing.SwingUtilities;
import org.deepraster.geo.Crs;
import org.deepraster.plugin.TestHost;
import org.deepraster.raster.ClassTable;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.SampleType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A raster tool proposes the imagery on the map as its input, not a classified raster above it (our own output). */
class RasterPickerDefaultTest {
    @TempDir
    Path dir;
    private final TestHost host = new TestHost();

    @AfterEach
    void close() throws Exception {
        host.close();
    }

    private Path tif(String name, int bands, int[] palette) throws IOException {
        Path p = dir.resolve(name);
        GeoTiffWriter.Options o = GeoTiffWriter.Options.of(16, 16, bands, SampleType.UINT8)
                .georeferenced(new AffineTransform(1, 0, 0, -1, 500000, 4100000), Crs.forEpsg(32633));
        if (palette != null) {
            o = o.withPalette(palette);
        }
        try (GeoTiffWriter w = GeoTiffWriter.create(p, o)) {
            w.writeRows(new byte[16 * 16 * bands], 16);
        }
        return p;
    }

    @Test
    void theImageryIsProposedNotTheClassificationsAboveIt() throws Exception {
        host.openNow(tif("scene.tif", 3, null));
        host.openNow(tif("scene_classified.tif", 1, new int[] {0, 0xFF0000}));
        Path grey = tif("scene_classes_no_palette.tif", 1, null);
        ClassTable.write(grey, List.of(new ClassTable.Row(1, "Tree", 0x00FF00)));
        host.openNow(grey); // topmost: a classification by its class table
        assertThat(host.layers().get(0).name()).startsWith("scene_classes_no_palette");
        RasterPicker picker = new RasterPicker("t", false);
        SwingUtilities.invokeAndWait(() -> picker.refresh(host.layers()));
        assertThat(picker.selected().label()).isEqualTo("scene.tif");
        // a single-band raster that is neither is imagery (e.g. a DEM or a panchromatic band)
        assertThat(RasterPicker.classified(host.openNow(tif("pan.tif", 1, null)).get(0))).isFalse();
    }

    @Test
    void withOnlyClassificationsTheTopmostIsProposed() throws Exception {
        host.openNow(tif("a_classified.tif", 1, new int[] {0, 0xFF0000}));
        host.openNow(tif("b_classified.tif", 1, new int[] {0, 0xFF0000}));
        RasterPicker picker = new RasterPicker("t", false);
        SwingUtilities.invokeAndWait(() -> picker.refresh(host.layers()));
        assertThat(picker.selected().label()).isEqualTo("b_classified.tif");
    }
}
