package org.deepraster.campaign;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deepraster.model.Fixtures;
import org.deepraster.raster.GeorefFixtures;

/**
 * The campaign's georeferencing cases (issue 21.2), for each raster tool that writes map outputs (Classify Pixels,
 * Detect Objects, Classify Objects): files whose georeferencing Apache SIS cannot read (the next-IFD link past the
 * end, a broken BigTIFF header, damaged GeoKeys, an unknown EPSG code), NaN and zero pixel sizes, a world file or
 * GDAL's .aux.xml as the only georeferencing, and none at all. Each must be refused (NaN, zero) or run and say
 * where its georeferencing came from or that it was lost, on the terminal and in the output's metadata, with a
 * GeoTIFF output on the input's transform.
 */
final class GeorefCases {
    static final String CLASSIFY_OBJECTS = "classify-objects";

    private GeorefCases() {
    }

    static List<HostileInputs.Case> cases(HostileInputs in) throws IOException {
        Path d = Files.createDirectories(in.dir.resolve("georef"));
        String seg = in.emd("geo_seg", HostileInputs.emdText(Fixtures.jsonPath(in.onnx()), ""));
        Path det = in.dir.resolve("detector.onnx");
        if (!Files.exists(det)) {
            Files.copy(Fixtures.onnx("detector_boxes_scores_labels"), det);
        }
        String detector = in.emd("geo_det", DetectCases.detectorEmd(Fixtures.jsonPath(det), ""));
        String classifier = in.emd("geo_cls", Fixtures.json("classifier_logits", "ObjectClassification",
                "\"Classes\": [{\"Value\": 0, \"Name\": \"a\"}, {\"Value\": 1, \"Name\": \"b\"}, {\"Value\": 2, \"Name\": \"c\"}]"));
        List<HostileInputs.Case> c = new ArrayList<>();
        c.add(new HostileInputs.Case("classify-objects: valid input (control)", in.raster, classifier,
                HostileInputs.Expect.ANY, CLASSIFY_OBJECTS));
        String[][] tools = {{"classify-pixels", seg}, {DetectCases.TOOL, detector}, {CLASSIFY_OBJECTS, classifier}};
        for (String[] t : tools) {
            Path td = Files.createDirectories(d.resolve(t[0]));
            String tool = t[0];
            String m = t[1];
            var tf = GeorefFixtures.TRANSFORM;
            var said = HostileInputs.Expect.ANY;
            c.add(new HostileInputs.Case(tool + ": georef: next-IFD link past the end", GeorefFixtures.nextIfdPastEnd(td.resolve("far.tif")),
                    m, said, tool, "Georeferencing read from the GeoTIFF tags of far.tif directly", tf));
            c.add(new HostileInputs.Case(tool + ": georef: broken BigTIFF header", GeorefFixtures.brokenBigTiffHeader(td.resolve("big.tif")),
                    m, said, tool, "Georeferencing read from the GeoTIFF tags of big.tif directly", tf));
            c.add(new HostileInputs.Case(tool + ": georef: damaged GeoKeys", GeorefFixtures.damagedGeoKeys(td.resolve("keys.tif")),
                    m, said, tool, "No coordinate reference system could be read from keys.tif (its GeoKey directory is damaged", tf));
            c.add(new HostileInputs.Case(tool + ": georef: unknown EPSG code", GeorefFixtures.write(td.resolve("epsg.tif"), 29999, false),
                    m, said, tool, "No coordinate reference system could be read from epsg.tif (its GeoKeys name EPSG:29999, a code the"
                    + " EPSG dataset does not define): outputs will have none.", tf));
            c.add(new HostileInputs.Case(tool + ": georef: NaN pixel scale", GeorefFixtures.pixelScale(td.resolve("nan.tif"), Double.NaN),
                    m, HostileInputs.Expect.REFUSED, tool));
            c.add(new HostileInputs.Case(tool + ": georef: zero pixel scale", GeorefFixtures.pixelScale(td.resolve("zero.tif"), 0),
                    m, HostileInputs.Expect.REFUSED, tool));
            Path world = GeorefFixtures.plain(td.resolve("world.tif"));
            GeorefFixtures.worldFile(world, "world.tfw");
            GeorefFixtures.prj(world);
            c.add(new HostileInputs.Case(tool + ": georef: world file only", world, m, said, tool,
                    "Georeferencing read from the world file world.tfw, its coordinate reference system from world.prj.", tf));
            Path aux = GeorefFixtures.plain(td.resolve("aux.tif"));
            GeorefFixtures.auxXml(aux, GeorefFixtures.WKT_31467, tf);
            c.add(new HostileInputs.Case(tool + ": georef: aux.xml only", aux, m, said, tool,
                    "Georeferencing read from GDAL's sidecar aux.tif.aux.xml.", tf));
            c.add(new HostileInputs.Case(tool + ": georef: none at all", GeorefFixtures.plain(td.resolve("plain.tif")), m, said, tool,
                    "No georeferencing could be read from plain.tif", new java.awt.geom.AffineTransform()));
        }
        return c;
    }
}
