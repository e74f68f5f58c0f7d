package org.deepraster.raster;

import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.deepraster.geo.Crs;
import org.deepraster.geo.CrsRef;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * The georeferencing GDAL reads beside a GeoTIFF: its PAM sidecar {@code FILE.aux.xml} ({@code <SRS>} and
 * {@code <GeoTransform>} of the {@code <PAMDataset>}), world files ({@code BASE.tfw}, {@code BASE.tifw},
 * {@code BASE.wld}, as GDAL's {@code GDALReadWorldFile2} looks for them) and an ESRI {@code BASE.prj}. Which
 * one wins is {@link GeorefReader}'s business. Pure functions of the files; nothing here builds a CRS from a
 * common EPSG code (it stays lazy).
 */
final class GeorefSidecars {
    /** What the PAM sidecar holds: a transform (pixel corner to map) and an SRS text, each null when absent. */
    record Pam(Path file, AffineTransform gridToCrs, String srs) {
    }

    /** A world file and its transform (pixel corner to map). */
    record WorldFile(Path file, AffineTransform gridToCrs) {
    }

    /** Larger sidecars are not read (GDAL's own PAM files are a few kB; histograms make them larger, not this). */
    private static final long MAX_BYTES = 64L << 20;

    private GeorefSidecars() {
    }

    static Path pamPath(Path raster) {
        return raster.resolveSibling(raster.getFileName() + ".aux.xml");
    }

    /** The PAM sidecar of {@code raster}, or null when there is none; one that cannot be parsed is said in {@code warnings}. */
    static Pam readPam(Path raster, List<String> warnings) {
        Path p = pamPath(raster);
        if (!Files.isRegularFile(p)) {
            return null;
        }
        try {
            if (Files.size(p) > MAX_BYTES) {
                warnings.add(p.getFileName() + " is larger than 64 MB and was not read.");
                return null;
            }
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            javax.xml.parsers.DocumentBuilder db = f.newDocumentBuilder();
            db.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() { // no "[Fatal Error]" on standard error
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
                    throw e;
                }
            });
            Element root = db.parse(new InputSource(new StringReader(
                    Files.readString(p, StandardCharsets.UTF_8)))).getDocumentElement();
            if (!root.getTagName().equals("PAMDataset")) {
                warnings.add(p.getFileName() + " is not a GDAL PAM file (its root is <" + root.getTagName() + ">); it is ignored.");
                return null;
            }
            String srs = null;
            String gt = null;
            for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e) {
                    if (e.getTagName().equals("SRS")) {
                        srs = e.getTextContent().strip();
                    } else if (e.getTagName().equals("GeoTransform")) {
                        gt = e.getTextContent().strip();
                    }
                }
            }
            AffineTransform t = null;
            if (gt != null) {
                t = geoTransform(gt);
                if (t == null) {
                    warnings.add(p.getFileName() + ": its GeoTransform \"" + shorten(gt) + "\" is not six numbers; it is ignored.");
                }
            }
            return new Pam(p, t, srs == null || srs.isEmpty() ? null : srs);
        } catch (IOException | RuntimeException | javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            warnings.add(p.getFileName() + " could not be read (" + e.getMessage() + "); it is ignored.");
            return null;
        }
    }

    /** GDAL's geotransform "x0, dx, rx, y0, ry, dy" as a transform, or null when it is not six numbers. */
    static AffineTransform geoTransform(String text) {
        String[] v = text.split("[,\\s]+");
        if (v.length != 6) {
            return null;
        }
        double[] g = new double[6];
        try {
            for (int i = 0; i < 6; i++) {
                g[i] = Double.parseDouble(v[i]);
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return new AffineTransform(g[1], g[4], g[2], g[5], g[0], g[3]);
    }

    /**
     * The world file of {@code raster}, or null: {@code BASE.tfw} (the extension's first and last letters and
     * "w"), {@code BASE.tifw} (the extension and "w"), then {@code BASE.wld}, each also in upper case, as GDAL.
     */
    static WorldFile readWorldFile(Path raster, List<String> warnings) {
        String name = raster.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot + 1) : "";
        List<String> candidates = new java.util.ArrayList<>();
        if (ext.length() >= 2) {
            candidates.add(ext.charAt(0) + ext.substring(ext.length() - 1) + "w");
        }
        if (!ext.isEmpty()) {
            candidates.add(ext + "w");
        }
        candidates.add("wld");
        for (String c : candidates) {
            for (String e : new String[] {c.toLowerCase(Locale.ROOT), c.toUpperCase(Locale.ROOT)}) {
                Path w = raster.resolveSibling(base + "." + e);
                if (Files.isRegularFile(w)) {
                    AffineTransform t = worldFile(w, warnings);
                    if (t != null) {
                        return new WorldFile(w, t);
                    }
                }
            }
        }
        return null;
    }

    /** The six lines A D B E C F (C, F: the centre of the upper-left pixel) as a corner transform, or null. */
    private static AffineTransform worldFile(Path w, List<String> warnings) {
        try {
            if (Files.size(w) > 4096) {
                warnings.add("The world file " + w.getFileName() + " is not six numbers (it is " + Files.size(w)
                        + " bytes); it is ignored.");
                return null;
            }
            String[] v = Files.readString(w, StandardCharsets.ISO_8859_1).strip().split("\\s+");
            if (v.length < 6) {
                warnings.add("The world file " + w.getFileName() + " holds " + v.length + " values, not six; it is ignored.");
                return null;
            }
            double[] g = new double[6];
            for (int i = 0; i < 6; i++) {
                g[i] = Double.parseDouble(v[i].replace(',', '.'));
            }
            double a = g[0];
            double d = g[1];
            double b = g[2];
            double e = g[3];
            return new AffineTransform(a, d, b, e, g[4] - 0.5 * a - 0.5 * b, g[5] - 0.5 * d - 0.5 * e);
        } catch (NumberFormatException e) {
            warnings.add("The world file " + w.getFileName() + " holds a value that is not a number (" + e.getMessage()
                    + "); it is ignored.");
            return null;
        } catch (IOException e) {
            warnings.add("The world file " + w.getFileName() + " could not be read (" + e.getMessage() + "); it is ignored.");
            return null;
        }
    }

    /** The ESRI {@code BASE.prj} beside {@code raster}, or null. */
    static Path prjPath(Path raster) {
        String name = raster.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        for (String e : new String[] {"prj", "PRJ"}) {
            Path p = raster.resolveSibling(base + "." + e);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static final Pattern LAST_EPSG = Pattern.compile(
            "(?:AUTHORITY\\s*\\[\\s*\"EPSG\"\\s*,\\s*\"?|ID\\s*\\[\\s*\"EPSG\"\\s*,\\s*)(\\d+)\"?\\s*\\]\\s*\\]\\s*$");

    /**
     * The CRS of a WKT (1 or 2) or "EPSG:n" text: kept lazy (by its code) when it names a common EPSG code as a
     * whole ({@link Crs#commonGeographic}), else built now. Throws {@link org.deepraster.util.UserException}
     * when it cannot be read.
     */
    static CrsRef crs(String text) {
        String s = text.strip();
        Matcher code = Pattern.compile("(?i)^EPSG:(\\d+)$").matcher(s);
        if (code.matches()) {
            int c = Integer.parseInt(code.group(1));
            Optional<Boolean> g = Crs.commonGeographic(c);
            return g.isPresent() ? CrsRef.lazy(c, g.get(), () -> Crs.forEpsg(c)) : CrsRef.of(Crs.forEpsg(c));
        }
        Matcher m = LAST_EPSG.matcher(s);
        if (m.find()) {
            int c = Integer.parseInt(m.group(1));
            Optional<Boolean> g = Crs.commonGeographic(c);
            if (g.isPresent()) {
                return CrsRef.lazy(c, g.get(), () -> Crs.fromWkt(s));
            }
        }
        return CrsRef.of(Crs.fromWkt(s));
    }

    static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
