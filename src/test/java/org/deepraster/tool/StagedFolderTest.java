package org.deepraster.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The staged overwrite of issue 21, point 1: the old output stays whole until the new one is moved in. */
class StagedFolderTest {
    @TempDir
    Path dir;

    @Test
    void aFolderIsMergedInOnlyOnCommitAndAbandonLeavesTheOldOneAsItWas() throws IOException {
        Path out = dir.resolve("export");
        Files.createDirectories(out.resolve("images"));
        Files.writeString(out.resolve("images/000000001.tif"), "old chip");
        Files.writeString(out.resolve("images/000000001.tif.aux.xml"), "old stats");
        Files.writeString(out.resolve("images/notes.txt"), "mine");
        Files.writeString(out.resolve("map.txt"), "old map");

        StagedFolder s = StagedFolder.forFolder(out);
        assertThat(s.staging()).isEqualTo(dir.resolve(".export.partial").toAbsolutePath());
        Path chip = s.staged(out.resolve("images/000000001.tif"));
        assertThat(chip).isEqualTo(s.staging().resolve("images/000000001.tif"));
        Files.createDirectories(chip.getParent());
        Files.writeString(chip, "new chip");
        assertThat(out.resolve("images/000000001.tif")).hasContent("old chip");
        s.abandon();
        assertThat(s.staging()).doesNotExist();
        assertThat(out.resolve("images/000000001.tif")).hasContent("old chip");

        s = StagedFolder.forFolder(out);
        chip = s.staged(out.resolve("images/000000001.tif"));
        Files.createDirectories(chip.getParent());
        Files.writeString(chip, "new chip");
        Files.writeString(s.staging().resolve("map.txt"), "new map");
        Files.writeString(s.staging().resolve(".map.txt.lock"), "the staged file's lock");
        assertThat(s.unstaged(chip)).isEqualTo(out.toAbsolutePath().resolve("images/000000001.tif"));
        assertThat(s.unstaged("written to " + chip)).isEqualTo("written to " + out.toAbsolutePath().resolve("images/000000001.tif"));
        s.commit();
        assertThat(out.resolve("images/000000001.tif")).hasContent("new chip");
        assertThat(out.resolve("images/000000001.tif.aux.xml")).as("described the old pixels").doesNotExist();
        assertThat(out.resolve("images/notes.txt")).hasContent("mine");
        assertThat(out.resolve("map.txt")).hasContent("new map");
        assertThat(out.resolve(".map.txt.lock")).doesNotExist();
        assertThat(s.staging()).doesNotExist();
    }

    @Test
    void aKilledRunsLeftoversAreClearedByTheNextOne() throws IOException {
        Path tif = dir.resolve("classes.tif");
        Files.writeString(tif, "old");
        Path staging = dir.resolve(".classes.tif.partial");
        Files.createDirectories(staging);
        Files.writeString(staging.resolve("classes.tif"), "half written");
        StagedFolder s = StagedFolder.forFile(tif);
        assertThat(s.staging()).isEqualTo(staging.toAbsolutePath());
        assertThat(s.staging()).isEmptyDirectory();
        assertThat(s.staged(tif)).isEqualTo(staging.toAbsolutePath().resolve("classes.tif"));
        assertThat(s.staged(dir.resolveSibling("elsewhere.tif"))).as("outside its folder: not staged")
                .isEqualTo(dir.resolveSibling("elsewhere.tif").toAbsolutePath());
        s.abandon();
        assertThat(tif).hasContent("old");
    }
}
