package org.deepraster.feature;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.deepraster.util.UserException;

/** Reads vector files: GeoPackage (every feature table), Shapefile (with .prj), GeoJSON. */
public final class VectorFiles {
    private VectorFiles() {
    }

    /** The formats recognised by content. */
    enum Format { GEOPACKAGE, SHAPEFILE, GEOJSON, UNKNOWN }

    /** True when the file looks like a vector file this class reads (judged by content). */
    public static boolean isVector(Path file) {
        try {
            Format f = detect(file);
            if (f == Format.GEOPACKAGE) {
                return !onlyTiles(file);
            }
            return f != Format.UNKNOWN;
        } catch (IOException e) {
            return false;
        }
    }

    /** True for a GeoPackage that holds tile tables and no feature table (imagery, not vectors). */
    private static boolean onlyTiles(Path file) {
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setReadOnly(true);
        try (java.sql.Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT sum(data_type = 'features'), sum(data_type IN ('tiles', '2d-gridded-coverage')) FROM gpkg_contents")) {
            return rs.next() && rs.getInt(1) == 0 && rs.getInt(2) > 0;
        } catch (java.sql.SQLException e) {
            return false; // no gpkg_contents: let open() report what is wrong
        }
    }

    static Format detect(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Format.UNKNOWN;
        }
        byte[] head = new byte[64];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 16 && new String(head, 0, 16, StandardCharsets.ISO_8859_1).equals("SQLite format 3\0")) {
            return Format.GEOPACKAGE;
        }
        if (n >= 4 && ByteBuffer.wrap(head).getInt(0) == 9994) {
            return Format.SHAPEFILE; // .shp and .shx share the header
        }
        int i = 0;
        if (n >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            i = 3; // UTF-8 byte order mark
        }
        while (i < n && Character.isWhitespace(head[i])) {
            i++;
        }
        if (i < n && head[i] == '{') {
            return Format.GEOJSON;
        }
        return Format.UNKNOWN;
    }

    /**
     * Reads every layer of a file (one per GeoPackage feature table). Bad input gives a
     * {@link org.deepraster.util.UserException} naming the file and the problem; a missing CRS is a
     * warning in the collection, not an error.
     */
    public static List<FeatureCollection> open(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new UserException("The file " + file + " does not exist.", "Check the path.");
        }
        if (!Files.isRegularFile(file)) {
            throw new UserException(file + " is not a file.", "Choose a .gpkg, .shp or .geojson file.");
        }
        Format f = detect(file);
        String ext = extension(file);
        switch (f) {
            case GEOPACKAGE:
                return GeoPackageReader.read(file);
            case SHAPEFILE:
                return List.of(ShapefileReader.read(file));
            case GEOJSON:
                return List.of(GeoJsonReader.read(file));
            default:
                String expected = switch (ext) {
                    case "gpkg" -> " is not a GeoPackage: it does not start with the SQLite header";
                    case "shp", "shx" -> " is not a shapefile: it does not start with the shapefile code 9994";
                    case "geojson", "json" -> " is not GeoJSON: it does not start with '{'";
                    case "dbf" -> " is the attribute table of a shapefile";
                    default -> " is not a vector file DeepRaster reads";
                };
                String hint = ext.equals("dbf") ? "Open the .shp file of the same name instead."
                        : "DeepRaster reads GeoPackage (.gpkg), Shapefile (.shp) and GeoJSON; check that the file is one"
                        + " of these and was not renamed or damaged.";
                throw new UserException(file + expected + ".", hint);
        }
    }

    static String extension(Path file) {
        String fn = file.getFileName().toString();
        int dot = fn.lastIndexOf('.');
        return dot < 0 ? "" : fn.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
