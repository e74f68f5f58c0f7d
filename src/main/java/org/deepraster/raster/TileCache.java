package org.deepraster.raster;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deepraster.raster.tiff.Chunk;

/** A least-recently-used cache of decoded tiles, bounded in bytes, shared by all open rasters. */
final class TileCache {
    static final TileCache SHARED = new TileCache(Long.getLong("deepraster.tileCacheMB", 96) * 1024 * 1024);

    record Key(Object level, int index) {
    }

    private final long budget;
    private long used;
    private final LinkedHashMap<Key, Chunk> map = new LinkedHashMap<>(256, 0.75f, true);

    TileCache(long budget) {
        this.budget = budget;
    }

    synchronized Chunk get(Key k) {
        return map.get(k);
    }

    synchronized void put(Key k, Chunk c) {
        Chunk old = map.put(k, c);
        if (old != null) {
            used -= old.memoryBytes();
        }
        used += c.memoryBytes();
        var it = map.entrySet().iterator();
        while (used > budget && it.hasNext()) {
            Map.Entry<Key, Chunk> e = it.next();
            if (e.getKey().equals(k)) {
                continue;
            }
            used -= e.getValue().memoryBytes();
            it.remove();
        }
    }

    synchronized void removeLevel(Object level) {
        var it = map.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Key, Chunk> e = it.next();
            if (e.getKey().level() == level) {
                used -= e.getValue().memoryBytes();
                it.remove();
            }
        }
    }
}
