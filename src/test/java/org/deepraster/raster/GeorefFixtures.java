package org.deepraster.raster;

import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deepraster.geo.CrsRef;

/**
 * GeoTIFFs whose georeferencing Apache SIS cannot read, and sidecar files (GDAL's .aux.xml, world files,
 * .prj), generated for the tests of issue 21.2 and the hostile campaign. The base raster is 64 x 64, three bands (8-bit),
 * pixel 0.5 m, upper-left corner (3 500 000, 5 500 000) in EPSG:31467 (DHDN / 3-degree Gauss-Kruger zone 3: a
 * code outside the lazy EPSG short list, so SIS reads it), written by code without building the CRS.
 */
public final class GeorefFixtures {
    public static final AffineTransform TRANSFORM = new AffineTransform(0.5, 0, 0, -0.5, 3_500_000, 5_500_000);
    public static final int EPSG = 31467;
    public static final String WKT_31467 = "PROJCS[\"DHDN / 3-degree Gauss-Kruger zone 3\",GEOGCS[\"DHDN\","
            + "DATUM[\"Deutsches_Hauptdreiecksnetz\",SPHEROID[\"Bessel 1841\",6377397.155,299.1528128]],"
            + "PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]],PROJECTION[\"Transverse_Mercator\"],"
            + "PARAMETER[\"latitude_of_origin\",0],PARAMETER[\"central_meridian\",9],PARAMETER[\"scale_factor\",1],"
            + "PARAMETER[\"false_easting\",3500000],PARAMETER[\"false_northing\",0],UNIT[\"metre\",1]]";

    private GeorefFixtures() {
    }

    /** The base raster, georeferenced by tags and GeoKeys naming {@code epsg} (none when {@code epsg} is 0). */
    public static Path write(Path file, int epsg, boolean bigTiff) throws IOException {
        var o = GeoTiffWriter.Options.of(64, 64, 3, SampleType.UINT8).withTileSize(32)
                .withCompression(GeoTiffWriter.Compression.NONE).withBigTiff(bigTiff);
        if (epsg != 0) {
            o = o.georeferenced(TRANSFORM, CrsRef.lazy(epsg, false, () -> null));
        }
        try (GeoTiffWriter w = GeoTiffWriter.create(file, o)) {
            byte[] rows = new byte[64 * 64 * 3];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = (byte) (i * 7);
            }
            w.writeRows(rows, 64);
        }
        return file;
    }

    /** The base raster without georeferencing tags. */
    public static Path plain(Path file) throws IOException {
        return write(file, 0, false);
    }

    /** The first directory's link to the next one set far past the end of the file (the image stays readable). */
    public static Path nextIfdPastEnd(Path file) throws IOException {
        write(file, EPSG, false);
        byte[] b = Files.readAllBytes(file);
        ByteBuffer bb = ByteBuffer.wrap(b).order(order(b));
        int ifd = bb.getInt(4);
        int n = bb.getShort(ifd) & 0xffff;
        bb.putInt(ifd + 2 + 12 * n, 0x7fff_fff0);
        Files.write(file, b);
        return file;
    }

    /** A BigTIFF whose header's offset size (bytes 4-5, must be 8) is 6 and whose reserved bytes 6-7 are not 0. */
    public static Path brokenBigTiffHeader(Path file) throws IOException {
        write(file, EPSG, true);
        byte[] b = Files.readAllBytes(file);
        ByteBuffer bb = ByteBuffer.wrap(b).order(order(b));
        bb.putShort(4, (short) 6);
        bb.putShort(6, (short) 0x1234);
        Files.write(file, b);
        return file;
    }

    /** The GeoKey directory claims more keys than it holds (and version 9). */
    public static Path damagedGeoKeys(Path file) throws IOException {
        write(file, EPSG, false);
        byte[] b = Files.readAllBytes(file);
        ByteBuffer bb = ByteBuffer.wrap(b).order(order(b));
        int at = tagValueOffset(bb, 34735, 2);
        bb.putShort(at, (short) 9);
        bb.putShort(at + 6, (short) 400);
        Files.write(file, b);
        return file;
    }

    /** The GeoKeys name EPSG:32000, a code no EPSG dataset defines. */
    public static Path unknownEpsg(Path file) throws IOException {
        return write(file, 32000, false);
    }

    /** The pixel size of ModelPixelScale set to {@code v} (NaN or 0). */
    public static Path pixelScale(Path file, double v) throws IOException {
        write(file, EPSG, false);
        byte[] b = Files.readAllBytes(file);
        ByteBuffer bb = ByteBuffer.wrap(b).order(order(b));
        int at = tagValueOffset(bb, 33550, 8);
        bb.putDouble(at, v);
        bb.putDouble(at + 8, v);
        Files.write(file, b);
        return file;
    }

    /** A world file {@code name} beside {@code raster} for {@link #TRANSFORM} (centre of the upper-left pixel). */
    public static Path worldFile(Path raster, String name) throws IOException {
        Path w = raster.resolveSibling(name);
        Files.writeString(w, "0.5\n0.0\n0.0\n-0.5\n3500000.25\n5499999.75\n");
        return w;
    }

    /** A .prj (ESRI WKT 1) beside {@code raster} for EPSG:31467. */
    public static Path prj(Path raster) throws IOException {
        String base = raster.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        Path p = raster.resolveSibling(base + ".prj");
        Files.writeString(p, WKT_31467);
        return p;
    }

    /** GDAL's PAM sidecar {@code FILE.aux.xml} with an SRS (WKT, or null for none) and {@link #TRANSFORM}. */
    public static Path auxXml(Path raster, String srs, AffineTransform t) throws IOException {
        Path p = raster.resolveSibling(raster.getFileName() + ".aux.xml");
        StringBuilder b = new StringBuilder("<PAMDataset>\n");
        if (srs != null) {
            b.append("  <SRS dataAxisToSRSAxisMapping=\"1,2\">").append(srs.replace("\"", "&quot;")).append("</SRS>\n");
        }
        if (t != null) {
            b.append("  <GeoTransform> ").append(t.getTranslateX()).append(", ").append(t.getScaleX()).append(", ")
                    .append(t.getShearX()).append(", ").append(t.getTranslateY()).append(", ").append(t.getShearY())
                    .append(", ").append(t.getScaleY()).append("</GeoTransform>\n");
        }
        b.append("  <Metadata>\n    <MDI key=\"AREA_OR_POINT\">Area</MDI>\n  </Metadata>\n</PAMDataset>\n");
        Files.writeString(p, b.toString());
        return p;
    }

    static ByteOrder order(byte[] b) {
        return b[0] == 'M' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    /** The file offset of the values of tag {@code tag} of the first (classic TIFF) directory, stored out of line. */
    private static int tagValueOffset(ByteBuffer bb, int tag, int typeSize) {
        int ifd = bb.getInt(4);
        int n = bb.getShort(ifd) & 0xffff;
        for (int i = 0; i < n; i++) {
            int e = ifd + 2 + i * 12;
            if ((bb.getShort(e) & 0xffff) == tag) {
                long count = bb.getInt(e + 4) & 0xffffffffL;
                return count * typeSize <= 4 ? e + 8 : bb.getInt(e + 8);
            }
        }
        throw new IllegalStateException("no tag " + tag);
    }
}
