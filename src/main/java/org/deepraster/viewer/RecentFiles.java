package org.deepraster.viewer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/** The most recently opened files, kept in the user's preferences (java.util.prefs). */
final class RecentFiles {
    static final int MAX = 10;
    private final Preferences prefs;

    RecentFiles(Preferences prefs) {
        this.prefs = prefs;
    }

    static RecentFiles forUser() {
        return new RecentFiles(Preferences.userRoot().node("org/deepraster/viewer/recent"));
    }

    List<Path> list() {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            String s = prefs.get("file" + i, null);
            if (s != null) {
                try {
                    out.add(Path.of(s));
                } catch (RuntimeException e) {
                    // an entry that is not a path any more: skip
                }
            }
        }
        return out;
    }

    void add(Path file) {
        Path p = file.toAbsolutePath().normalize();
        List<Path> l = list();
        l.remove(p);
        l.add(0, p);
        for (int i = 0; i < MAX; i++) {
            if (i < l.size()) {
                prefs.put("file" + i, l.get(i).toString());
            } else {
                prefs.remove("file" + i);
            }
        }
        try {
            prefs.flush();
        } catch (BackingStoreException e) {
            // preferences are a convenience; ignore a store that cannot be written
        }
    }
}
