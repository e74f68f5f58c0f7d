package org.deepraster.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecentFilesTest {
    private final Preferences node = Preferences.userRoot().node("org/deepraster/test/recent-" + System.nanoTime());

    @AfterEach
    void clean() throws Exception {
        node.removeNode();
    }

    @Test
    void newestFirstWithoutDuplicatesAndBounded() {
        RecentFiles r = new RecentFiles(node);
        for (int i = 0; i < 12; i++) {
            r.add(Path.of("/data/f" + i + ".tif"));
        }
        r.add(Path.of("/data/f5.tif"));
        assertThat(r.list()).hasSize(RecentFiles.MAX);
        assertThat(r.list().get(0)).isEqualTo(Path.of("/data/f5.tif"));
        assertThat(r.list().get(1)).isEqualTo(Path.of("/data/f11.tif"));
        assertThat(r.list()).doesNotHaveDuplicates();
        // persisted: a new instance on the same node sees the same list
        assertThat(new RecentFiles(node).list()).isEqualTo(r.list());
    }
}
