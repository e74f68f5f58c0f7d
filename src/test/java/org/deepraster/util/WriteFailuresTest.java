package org.deepraster.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureSchema;
import org.deepraster.feature.FeatureWriter;
import org.deepraster.feature.FeatureWriters;
import org.deepraster.feature.GeoPackageWriter;
import org.deepraster.feature.GeometryKind;
import org.deepraster.feature.WriteMode;
import org.deepraster.raster.GeoTiffWriter;
import org.deepraster.raster.SampleType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.io.WKTReader;

/** A full disk and an unwritable folder are said as such by the writers (issue 21). */
class WriteFailuresTest {

    @Test
    void classifiesTheMessagesOfAFullDiskAndOfAReadOnlyFolder() {
        assertThat(WriteFailures.classify(new IOException("No space left on device"))).contains(WriteFailures.Kind.DISK_FULL);
        assertThat(WriteFailures.classify(new FileSystemException("/x/out.tif", null, "No space left on device")))
                .contains(WriteFailures.Kind.DISK_FULL);
        assertThat(WriteFailures.classify(new RuntimeException("wrapped",
                new SQLException("[SQLITE_FULL] Insertion failed because database is full (database or disk is full)"))))
                .contains(WriteFailures.Kind.DISK_FULL);
        SQLException commit = new SQLException("cannot commit - no transaction is active");
        commit.addSuppressed(new IOException("No space left on device"));
        assertThat(WriteFailures.classify(commit)).contains(WriteFailures.Kind.DISK_FULL);
        assertThat(WriteFailures.classify(new AccessDeniedException("/ro/out.gpkg"))).contains(WriteFailures.Kind.NOT_WRITABLE);
        assertThat(WriteFailures.classify(new SQLException("[SQLITE_READONLY] Attempt to write a readonly database")))
                .contains(WriteFailures.Kind.NOT_WRITABLE);
        assertThat(WriteFailures.classify(new IOException("Read-only file system"))).contains(WriteFailures.Kind.NOT_WRITABLE);
        assertThat(WriteFailures.classify(new IOException("Broken pipe"))).isEmpty();
        assertThat(WriteFailures.classify(new UserException("The band 4 does not exist.", ""))).isEmpty();
    }

    @Test
    void theMessageNamesTheFolderAndItsFreeSpace(@TempDir Path dir) {
        UserException full = WriteFailures.explain(new IOException("No space left on device"), dir.resolve("out.tif"))
                .orElseThrow();
        assertThat(full.getMessage()).startsWith("The disk is full (").contains(" MB free at " + dir.toAbsolutePath() + ")");
        UserException ro = WriteFailures.explain(new AccessDeniedException(dir.resolve("sub/out.gpkg").toString()), null)
                .orElseThrow();
        assertThat(ro.getMessage()).startsWith(dir.toAbsolutePath() + " is not writable");
    }

    @Test
    void aGeoTiffOnAFullDeviceSaysTheDiskIsFull() {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "/dev/full is a Linux device");
        assertThatThrownBy(() -> {
            try (GeoTiffWriter w = GeoTiffWriter.create(full, GeoTiffWriter.Options.of(64, 64, 1, SampleType.UINT8))) {
                w.writeTile(0, 0, new float[64 * 64]);
            }
        }).isInstanceOf(UserException.class).hasMessageStartingWith("The disk is full (").hasMessageContaining("MB free at /dev");
    }

    @Test
    void aFullGeoPackageSaysTheDiskIsFullNotThatNoTransactionIsActive(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("full.gpkg");
        FeatureSchema schema = new FeatureSchema("boxes", GeometryKind.POINT, List.of(), null);
        WKTReader r = new WKTReader();
        List<Feature> many = new java.util.ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            many.add(new Feature(i, r.read("POINT (" + i + " " + i + ")"), Map.of()));
        }
        try (GeoPackageWriter w = (GeoPackageWriter) FeatureWriters.create(out, schema, WriteMode.CREATE)) {
            // SQLite's own page cap: the database cannot grow, as on a full disk (SQLITE_FULL)
            w.write(List.of(), c -> {
                try (var st = c.createStatement()) {
                    st.execute("PRAGMA max_page_count = " + pages(c));
                }
            });
            assertThatThrownBy(() -> w.write(many)).isInstanceOf(UserException.class)
                    .hasMessageStartingWith("The disk is full (").hasMessageContaining("MB free at " + dir.toAbsolutePath())
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("no transaction"));
        } catch (IOException | UserException closing) {
            // closing a full GeoPackage may fail too; only its message matters
            assertThat(closing.getMessage()).doesNotContain("no transaction");
        }
    }

    private static long pages(java.sql.Connection c) throws SQLException {
        try (var st = c.createStatement(); var rs = st.executeQuery("PRAGMA page_count")) {
            return rs.getLong(1) + 1;
        }
    }

    @Test
    void aFolderWithoutWritePermissionIsNamed(@TempDir Path dir) throws Exception {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeTrue(!Files.isWritable(ro), "runs as root: permissions are not enforced (the classification test covers it)");
            FeatureSchema schema = new FeatureSchema("t", GeometryKind.POINT, List.of(), null);
            assertThatThrownBy(() -> {
                try (FeatureWriter w = FeatureWriters.create(ro.resolve("out.gpkg"), schema, WriteMode.CREATE)) {
                    w.write(List.of());
                }
            }).isInstanceOf(UserException.class).hasMessageContaining(ro + " is not writable");
            assertThatThrownBy(() -> GeoTiffWriter.create(ro.resolve("out.tif"), GeoTiffWriter.Options.of(8, 8, 1, SampleType.UINT8)))
                    .isInstanceOf(UserException.class).hasMessageContaining(ro + " is not writable");
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
