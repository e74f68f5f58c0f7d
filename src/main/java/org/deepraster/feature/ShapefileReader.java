package org.deepraster.feature;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deepraster.util.UserException;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.impl.CoordinateArraySequence;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * Reads an ESRI Shapefile (.shp + .dbf, optional .prj, .cpg; the .shx is not needed; the
 * attributes are read by {@link DbfReader}): Point,
 * MultiPoint, PolyLine and Polygon with their Z and M variants. Polygon rings become polygons with
 * holes: clockwise rings are shells, counter-clockwise rings are holes of the smallest shell that
 * contains them (a hole without a shell becomes a shell).
 */
public final class ShapefileReader {
    private static final int HEADER = 100;
    private final GeometryFactory factory = new GeometryFactory();
    private final Path shp;
    private final List<String> warnings = new ArrayList<>();

    private ShapefileReader(Path shp) {
        this.shp = shp;
    }

    /** Reads the layer; {@code file} may be the .shp, .shx or .dbf of the set. */
    public static FeatureCollection read(Path file) throws IOException {
        return new ShapefileReader(sibling(file, "shp")).read();
    }

    private FeatureCollection read() throws IOException {
        if (!Files.isRegularFile(shp)) {
            throw new UserException("The shapefile " + shp + " does not exist.", "Choose the .shp file of the shapefile.");
        }
        String name = baseName(shp);
        Path dbf = sibling(shp, "dbf");
        if (!Files.isRegularFile(dbf)) {
            throw new UserException("The shapefile " + shp + " has no attribute file " + dbf.getFileName() + ".",
                    "A shapefile is several files with the same name: copy the .dbf (and .shx, .prj) next to the .shp.");
        }
        if (!Files.isRegularFile(sibling(shp, "shx"))) {
            warnings.add(name + ": the index file .shx is missing; the shapefile is read without it.");
        }
        CoordinateReferenceSystem crs = null;
        Path prj = sibling(shp, "prj");
        if (Files.isRegularFile(prj)) {
            crs = CrsSupport.fromPrj(Files.readString(prj, StandardCharsets.ISO_8859_1), prj.getFileName().toString(), warnings);
        } else {
            warnings.add(name + ": no .prj file, so the coordinate reference system is unknown. Assign one to place the layer on the map.");
        }
        List<Geometry> geometries = new ArrayList<>();
        int shapeType = readShp(geometries);
        DbfReader.Table table = DbfReader.read(dbf, warnings);
        int n = geometries.size();
        int records = table.rows().size();
        if (records > n) {
            warnings.add(name + ": the .shp has " + n + " shapes but the .dbf has " + records
                    + " records; only the first " + n + " are used.");
        } else if (records < n) {
            // a short .dbf (truncated): every shape is kept, the ones without a record have empty attributes
            warnings.add(name + ": the .shp has " + n + " shapes but the .dbf only " + records + " records; "
                    + (n - records) + " features were read with empty attributes.");
        }
        Map<String, Object> empty = new LinkedHashMap<>();
        for (Field f : table.fields()) {
            empty.put(f.name(), null);
        }
        List<Feature> features = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            features.add(new Feature(i + 1, geometries.get(i), i < records ? table.rows().get(i) : empty));
        }
        GeometryKind kind = switch (shapeType % 10) {
            case 1, 8 -> GeometryKind.POINT;
            case 3 -> GeometryKind.LINE;
            case 5 -> GeometryKind.POLYGON;
            default -> GeometryKind.NONE;
        };
        return new FeatureCollection(new FeatureSchema(name, kind, table.fields(), crs), features, shp, warnings);
    }

    // ------------------------------------------------------------------ .shp

    private int readShp(List<Geometry> out) throws IOException {
        byte[] bytes = Files.readAllBytes(shp);
        if (bytes.length < HEADER) {
            throw truncated("it is only " + bytes.length + " bytes long, shorter than the 100-byte header");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.order(ByteOrder.BIG_ENDIAN);
        if (b.getInt(0) != 9994) {
            throw new UserException(shp + " is not a shapefile (the header does not start with the shapefile code 9994).",
                    "Check that the file is really an ESRI shapefile and not another format renamed to .shp.");
        }
        long declared = (b.getInt(24) & 0xFFFFFFFFL) * 2;
        if (declared > bytes.length) {
            throw truncated("the header says " + declared + " bytes but the file has " + bytes.length);
        }
        b.order(ByteOrder.LITTLE_ENDIAN);
        int shapeType = b.getInt(32);
        int pos = HEADER;
        int end = (int) Math.min(declared, bytes.length);
        int skipped = 0;
        while (pos + 8 <= end) {
            b.order(ByteOrder.BIG_ENDIAN);
            int recNo = b.getInt(pos);
            int len = b.getInt(pos + 4) * 2;
            int start = pos + 8;
            if (len < 4 || start + len > end) {
                throw truncated("record " + recNo + " runs past the end of the file");
            }
            b.order(ByteOrder.LITTLE_ENDIAN);
            try {
                Geometry g = readShape(b, start, len);
                if (g == null && b.getInt(start) != 0) {
                    skipped++;
                }
                out.add(g);
            } catch (IndexOutOfBoundsException e) {
                throw truncated("record " + recNo + " is shorter than its shape needs");
            }
            pos = start + len;
        }
        if (skipped > 0) {
            warnings.add(baseName(shp) + ": " + skipped + " shapes of an unsupported type (e.g. MultiPatch) were read as empty.");
        }
        return shapeType;
    }

    private UserException truncated(String detail) {
        return new UserException("The shapefile " + shp + " is truncated or damaged: " + detail + ".",
                "Copy the file again from its source; the copy may have been interrupted.");
    }

    private Geometry readShape(ByteBuffer b, int start, int len) {
        int type = b.getInt(start);
        int p = start + 4;
        int end = start + len;
        switch (type) {
            case 0:
                return null;
            case 1: case 11: case 21: {
                double x = b.getDouble(p);
                double y = b.getDouble(p + 8);
                if (type == 1) {
                    return factory.createPoint(new Coordinate(x, y));
                }
                if (type == 11) {
                    double z = b.getDouble(p + 16);
                    double m = p + 32 <= end ? noData(b.getDouble(p + 24)) : Double.NaN;
                    return point(new org.locationtech.jts.geom.CoordinateXYZM(x, y, z, m), 4, 1);
                }
                return point(new org.locationtech.jts.geom.CoordinateXYM(x, y, noData(b.getDouble(p + 16))), 3, 1);
            }
            case 8: case 18: case 28: {
                p += 32; // box
                int n = b.getInt(p);
                p += 4;
                fits(p, 16L * n, n, end); // a count the record cannot hold: no allocation from it
                Coordinate[] cs = readPoints(b, p, n, type, end, new int[] {0});
                Point[] pts = new Point[n];
                int dim = type == 18 ? 4 : type == 28 ? 3 : 2;
                int measures = type == 8 ? 0 : 1;
                for (int i = 0; i < n; i++) {
                    pts[i] = point(cs[i], dim, measures);
                }
                return factory.createMultiPoint(pts);
            }
            case 3: case 13: case 23: case 5: case 15: case 25: {
                p += 32; // box
                int numParts = b.getInt(p);
                int numPoints = b.getInt(p + 4);
                p += 8;
                fits(p, 4L * numParts + 16L * numPoints, Math.min(numParts, numPoints), end);
                int[] parts = new int[numParts + 1];
                for (int i = 0; i < numParts; i++) {
                    parts[i] = b.getInt(p + 4 * i);
                }
                parts[numParts] = numPoints;
                p += 4 * numParts;
                Coordinate[] cs = readPoints(b, p, numPoints, type, end, new int[] {0});
                int dim = type % 10 == 3 || type % 10 == 5 ? (type < 10 ? 2 : type < 20 ? 4 : 3) : 2;
                int measures = type < 10 ? 0 : 1;
                List<CoordinateSequence> seqs = new ArrayList<>(numParts);
                for (int i = 0; i < numParts; i++) {
                    int from = parts[i];
                    int to = parts[i + 1];
                    if (from < 0 || to > numPoints || to < from) {
                        throw new IndexOutOfBoundsException();
                    }
                    Coordinate[] part = new Coordinate[to - from];
                    System.arraycopy(cs, from, part, 0, part.length);
                    seqs.add(new CoordinateArraySequence(part, dim, measures));
                }
                return type % 10 == 3 ? lines(seqs) : polygons(seqs);
            }
            default:
                return null;
        }
    }

    /**
     * Refuses (as a record shorter than its shape needs) counts that are negative or claim more bytes than the
     * record holds, before anything is allocated from them (a count of 2^31-1 must not reach {@code new}).
     */
    private static void fits(int p, long bytes, int smallestCount, int end) {
        if (smallestCount < 0 || bytes < 0 || p + bytes > end) {
            throw new IndexOutOfBoundsException("counts beyond the record");
        }
    }

    private Point point(Coordinate c, int dim, int measures) {
        return factory.createPoint(new CoordinateArraySequence(new Coordinate[] {c}, dim, measures));
    }

    /** Reads n XY points, then the Z block (Z types) and the optional M block. */
    private static Coordinate[] readPoints(ByteBuffer b, int p, int n, int type, int end, int[] unused) {
        double[] xy = new double[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            xy[i] = b.getDouble(p + 8 * i);
        }
        p += 16 * n;
        double[] z = null;
        double[] m = null;
        if (type >= 10 && type < 20) {
            p += 16; // z range
            z = new double[n];
            for (int i = 0; i < n; i++) {
                z[i] = b.getDouble(p + 8 * i);
            }
            p += 8 * n;
        }
        if (type >= 10 && p + 16 + 8 * n <= end) {
            p += 16; // m range
            m = new double[n];
            for (int i = 0; i < n; i++) {
                m[i] = noData(b.getDouble(p + 8 * i));
            }
        } else if (type >= 20) {
            throw new IndexOutOfBoundsException();
        }
        Coordinate[] cs = new Coordinate[n];
        for (int i = 0; i < n; i++) {
            double x = xy[2 * i];
            double y = xy[2 * i + 1];
            if (type < 10) {
                cs[i] = new Coordinate(x, y);
            } else if (type < 20) {
                cs[i] = new org.locationtech.jts.geom.CoordinateXYZM(x, y, z[i], m == null ? Double.NaN : m[i]);
            } else {
                cs[i] = new org.locationtech.jts.geom.CoordinateXYM(x, y, m[i]);
            }
        }
        return cs;
    }

    private static double noData(double m) {
        return m < -1e38 ? Double.NaN : m;
    }

    private Geometry lines(List<CoordinateSequence> parts) {
        List<LineString> ls = new ArrayList<>();
        for (CoordinateSequence s : parts) {
            if (s.size() >= 2) {
                ls.add(factory.createLineString(s));
            }
        }
        if (ls.size() == 1) {
            return ls.get(0);
        }
        return factory.createMultiLineString(ls.toArray(new LineString[0]));
    }

    private Geometry polygons(List<CoordinateSequence> parts) {
        List<LinearRing> shells = new ArrayList<>();
        List<LinearRing> holes = new ArrayList<>();
        for (CoordinateSequence s : parts) {
            if (s.size() < 3) {
                continue;
            }
            CoordinateSequence closed = close(s);
            if (closed.size() < 4) {
                continue;
            }
            LinearRing ring = factory.createLinearRing(closed);
            if (Orientation.isCCW(closed)) {
                holes.add(ring);
            } else {
                shells.add(ring);
            }
        }
        if (shells.isEmpty() && !holes.isEmpty()) {
            // Wrongly oriented data: treat the rings as shells.
            shells.addAll(holes);
            holes.clear();
        }
        List<List<LinearRing>> holesOf = new ArrayList<>();
        List<Polygon> shellPolys = new ArrayList<>();
        List<IndexedPointInAreaLocator> locators = new ArrayList<>();
        for (LinearRing s : shells) {
            holesOf.add(new ArrayList<>());
            Polygon p = factory.createPolygon(s);
            shellPolys.add(p);
            locators.add(new IndexedPointInAreaLocator(p));
        }
        for (LinearRing h : holes) {
            int best = -1;
            double bestArea = Double.MAX_VALUE;
            Envelope he = h.getEnvelopeInternal();
            for (int i = 0; i < shells.size(); i++) {
                if (!shells.get(i).getEnvelopeInternal().covers(he)) {
                    continue;
                }
                if (!inside(locators.get(i), h)) {
                    continue;
                }
                double a = shellPolys.get(i).getArea();
                if (a < bestArea) {
                    bestArea = a;
                    best = i;
                }
            }
            if (best >= 0) {
                holesOf.get(best).add(h);
            } else {
                // A hole outside every shell: keep it as a polygon of its own.
                shells.add(h);
                holesOf.add(new ArrayList<>());
            }
        }
        Polygon[] polys = new Polygon[shells.size()];
        for (int i = 0; i < shells.size(); i++) {
            polys[i] = factory.createPolygon(shells.get(i), holesOf.get(i).toArray(new LinearRing[0]));
        }
        if (polys.length == 1) {
            return polys[0];
        }
        return factory.createMultiPolygon(polys);
    }

    /** True when a vertex of the ring not on the shell's boundary lies inside it (or all are on it). */
    private static boolean inside(IndexedPointInAreaLocator shell, LinearRing ring) {
        CoordinateSequence s = ring.getCoordinateSequence();
        for (int i = 0; i < s.size() - 1; i++) {
            int loc = shell.locate(s.getCoordinate(i));
            if (loc == Location.INTERIOR) {
                return true;
            }
            if (loc == Location.EXTERIOR) {
                return false;
            }
        }
        return true;
    }

    private static CoordinateSequence close(CoordinateSequence s) {
        int n = s.size();
        if (s.getCoordinate(0).equals2D(s.getCoordinate(n - 1))) {
            return s;
        }
        Coordinate[] cs = new Coordinate[n + 1];
        for (int i = 0; i < n; i++) {
            cs[i] = s.getCoordinate(i);
        }
        cs[n] = cs[0].copy();
        return new CoordinateArraySequence(cs, s.getDimension(), s.getMeasures());
    }

    // ------------------------------------------------------------------ helpers

    static Path sibling(Path file, String ext) {
        String fn = file.getFileName().toString();
        int dot = fn.lastIndexOf('.');
        String base = dot < 0 ? fn : fn.substring(0, dot);
        boolean upper = dot >= 0 && fn.substring(dot + 1).equals(fn.substring(dot + 1).toUpperCase(Locale.ROOT))
                && !fn.substring(dot + 1).isEmpty() && Character.isLetter(fn.charAt(dot + 1));
        Path lower = file.resolveSibling(base + "." + ext);
        Path up = file.resolveSibling(base + "." + ext.toUpperCase(Locale.ROOT));
        if (upper) {
            return Files.exists(up) || !Files.exists(lower) ? up : lower;
        }
        return Files.exists(lower) || !Files.exists(up) ? lower : up;
    }

    static String baseName(Path file) {
        String fn = file.getFileName().toString();
        int dot = fn.lastIndexOf('.');
        return dot < 0 ? fn : fn.substring(0, dot);
    }
}
