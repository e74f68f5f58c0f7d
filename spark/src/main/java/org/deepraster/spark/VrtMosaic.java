package org.deepraster.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.deepraster.geo.GridGeometry;
import org.deepraster.raster.RasterFiles;
import org.deepraster.raster.RasterSource;
import org.deepraster.raster.SampleType;

/**
 * A GDAL VRT that shows the window GeoTIFFs of a split raster as one raster (QGIS and GDAL open it): the size and
 * georeferencing of the whole grid, each window a {@code SimpleSource} at its place, paths relative to the VRT.
 */
final class VrtMosaic {
    private VrtMosaic() {
    }

    static String write(SparkPaths paths, UnitTask units, List<WorkUnit> windows, String name) throws IOException {
        WorkUnit first = null;
        int width = 0;
        int height = 0;
        for (WorkUnit u : windows) {
            width = Math.max(width, u.x() + u.width());
            height = Math.max(height, u.y() + u.height());
            if (first == null || u.x() + u.y() < first.x() + first.y()) {
                first = u;
            }
        }
        Path tmp = Files.createTempDirectory("deepraster-vrt");
        Path local = tmp.resolve(name);
        paths.download(new org.apache.hadoop.fs.Path(units.committed(first), name), local);
        StringBuilder b = new StringBuilder();
        try (RasterSource r = RasterFiles.open(local)) {
            GridGeometry g = r.grid();
            java.awt.geom.AffineTransform t = g.gridToCrs();
            // the window at (first.x, first.y) of the whole grid: shift the origin back to the grid's corner
            double ox = t.getTranslateX() - first.x() * t.getScaleX() - first.y() * t.getShearX();
            double oy = t.getTranslateY() - first.x() * t.getShearY() - first.y() * t.getScaleY();
            b.append(String.format(Locale.ROOT, "<VRTDataset rasterXSize=\"%d\" rasterYSize=\"%d\">%n", width, height));
            if (g.crs() != null) {
                b.append("  <SRS>").append(escape(g.crs().toWKT())).append("</SRS>\n");
            }
            b.append(String.format(Locale.ROOT, "  <GeoTransform>%.17g, %.17g, %.17g, %.17g, %.17g, %.17g</GeoTransform>%n",
                    ox, t.getScaleX(), t.getShearX(), oy, t.getShearY(), t.getScaleY()));
            String type = gdalType(r.sampleType());
            for (int band = 1; band <= r.bandCount(); band++) {
                b.append(String.format(Locale.ROOT, "  <VRTRasterBand dataType=\"%s\" band=\"%d\">%n", type, band));
                if (r.noData().isPresent()) {
                    b.append("    <NoDataValue>").append(number(r.noData().getAsDouble())).append("</NoDataValue>\n");
                }
                for (WorkUnit u : windows) {
                    b.append("    <SimpleSource>\n")
                            .append("      <SourceFilename relativeToVRT=\"1\">_committed/").append(escape(u.id())).append('/')
                            .append(escape(name)).append("</SourceFilename>\n")
                            .append("      <SourceBand>").append(band).append("</SourceBand>\n")
                            .append(String.format(Locale.ROOT, "      <SrcRect xOff=\"0\" yOff=\"0\" xSize=\"%d\" ySize=\"%d\"/>%n",
                                    u.width(), u.height()))
                            .append(String.format(Locale.ROOT, "      <DstRect xOff=\"%d\" yOff=\"%d\" xSize=\"%d\" ySize=\"%d\"/>%n",
                                    u.x(), u.y(), u.width(), u.height()))
                            .append("    </SimpleSource>\n");
                }
                b.append("  </VRTRasterBand>\n");
            }
            b.append("</VRTDataset>\n");
        } finally {
            Files.deleteIfExists(local);
            Files.deleteIfExists(tmp);
        }
        return b.toString();
    }

    static String gdalType(SampleType t) {
        return switch (t) {
            case UINT8 -> "Byte";
            case INT8 -> "Int8";
            case UINT16 -> "UInt16";
            case INT16 -> "Int16";
            case UINT32 -> "UInt32";
            case INT32 -> "Int32";
            case FLOAT32 -> "Float32";
            case FLOAT64 -> "Float64";
        };
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Numbers as GDAL writes them (no trailing .0 for integers). */
    private static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
