package org.deepraster.feature;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deepraster.geo.Crs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/** Prints (does not assert) how long 10 000 polygons take to write to and read from a GeoPackage. */
class GeoPackagePerformanceTest {

    @Test
    void tenThousandPolygons(@TempDir Path dir) throws Exception {
        GeometryFactory gf = new GeometryFactory();
        var crs = Crs.forEpsg(32633);
        FeatureSchema schema = new FeatureSchema("detections", GeometryKind.POLYGON, List.of(
                new Field("Class", FieldType.STRING), new Field("Confidence", FieldType.REAL)), crs);
        List<Feature> fs = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            double x = 500_000 + (i % 100) * 20;
            double y = 5_000_000 + (i / 100) * 20;
            var p = gf.createPolygon(new Coordinate[] {new Coordinate(x, y), new Coordinate(x + 10, y),
                new Coordinate(x + 10, y + 10), new Coordinate(x, y + 10), new Coordinate(x, y)});
            fs.add(new Feature(i + 1, p, Map.of("Class", "tree", "Confidence", 50.0 + i % 50)));
        }
        for (int run = 0; run < 3; run++) {
            Path out = dir.resolve("perf" + run + ".gpkg");
            long t0 = System.nanoTime();
            long tInsert;
            try (FeatureWriter w = FeatureWriters.create(out, schema, WriteMode.CREATE)) {
                for (int i = 0; i < fs.size(); i += 500) {
                    w.write(fs.subList(i, Math.min(fs.size(), i + 500)));
                }
                tInsert = System.nanoTime();
            }
            long t1 = System.nanoTime();
            FeatureCollection c = VectorFiles.open(out).get(0);
            long t2 = System.nanoTime();
            assertThat(c.size()).isEqualTo(10_000);
            System.out.printf("GeoPackage 10k polygons, run %d: write %.0f ms (inserts %.0f ms in 20 batches, close/RTree %.0f ms),"
                    + " read back %.0f ms%n", run, (t1 - t0) / 1e6, (tInsert - t0) / 1e6, (t1 - tInsert) / 1e6, (t2 - t1) / 1e6);
        }
    }
}
