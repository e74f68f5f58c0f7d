package org.deepraster.tool.detectobjects;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.io.WKTReader;

/** Held-back detections keep their outline (oriented box, instance polygon) and angle across a resume. */
class DetectResumeShapesTest {
    @Test
    void outlinesAndAnglesOfHeldBackDetectionsAreKept(@TempDir Path dir) throws Exception {
        Path gpkg = dir.resolve("r.gpkg");
        DetectResumeState state = new DetectResumeState("out", Map.of("model", "m"));
        Det obb = new Det(1, 2, 9, 8, 1, 0.75f, 7, new WKTReader().read("POLYGON ((1 5, 5 2, 9 5, 5 8, 1 5))"), 0.6435);
        Det box = new Det(10, 10, 12, 12, 0, 0.5f, 8);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + gpkg)) {
            state.start(c, true);
            state.record(c, List.of("0_0"), List.of(obb, box), List.of());
        }
        DetectResumeState.Loaded l = DetectResumeState.read(gpkg, "out");
        assertThat(l.pending()).hasSize(2);
        Det a = l.pending().get(0);
        assertThat(a.shape().equalsExact(obb.shape())).isTrue();
        assertThat(a.angle()).isEqualTo(0.6435);
        assertThat(l.pending().get(1).shape()).isNull();
        assertThat(l.pending().get(1).angle()).isNaN();
    }

    @Test
    void recordsOfAnEarlierVersionWithoutOutlinesStillResume(@TempDir Path dir) throws Exception {
        Path gpkg = dir.resolve("old.gpkg");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + gpkg); Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE " + DetectResumeState.RUNS + " (out_table TEXT PRIMARY KEY, settings TEXT NOT NULL)");
            st.executeUpdate("INSERT INTO " + DetectResumeState.RUNS + " VALUES ('out', 'model=m\n')");
            st.executeUpdate("CREATE TABLE " + DetectResumeState.TILES + " (out_table TEXT NOT NULL, tile TEXT NOT NULL,"
                    + " PRIMARY KEY (out_table, tile))");
            st.executeUpdate("CREATE TABLE " + DetectResumeState.PENDING + " (out_table TEXT NOT NULL, id INTEGER NOT NULL,"
                    + " x0 REAL, y0 REAL, x1 REAL, y1 REAL, class INTEGER, score REAL, PRIMARY KEY (out_table, id))");
            st.executeUpdate("INSERT INTO " + DetectResumeState.PENDING + " VALUES ('out', 3, 0, 0, 4, 4, 1, 0.5)");
        }
        assertThat(DetectResumeState.read(gpkg, "out").pending()).singleElement()
                .satisfies(d -> assertThat(d.shape()).isNull());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + gpkg)) {
            new DetectResumeState("out", Map.of("model", "m")).start(c, false); // adds the columns
            new DetectResumeState("out", Map.of("model", "m")).record(c, List.of(), List.of(new Det(1, 1, 2, 2, 0, 0.9f, 4,
                    new WKTReader().read("POLYGON ((1 1, 2 1, 2 2, 1 1))"), Double.NaN)), List.of());
        }
        assertThat(DetectResumeState.read(gpkg, "out").pending()).hasSize(2);
    }
}
