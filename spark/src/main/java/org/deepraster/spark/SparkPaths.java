package org.deepraster.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Paths through Hadoop's FileSystem API ({@code file:}, {@code hdfs:}, {@code s3a:} where the cluster has them),
 * with the driver's Hadoop settings carried to executors as plain strings.
 */
public final class SparkPaths implements Serializable {
    private final HashMap<String, String> settings;

    private SparkPaths(HashMap<String, String> settings) {
        this.settings = settings;
    }

    /** The settings of {@code conf} (e.g. the SparkContext's hadoopConfiguration, with s3a credentials). */
    public static SparkPaths of(Configuration conf) {
        HashMap<String, String> m = new HashMap<>();
        for (Map.Entry<String, String> e : conf) {
            m.put(e.getKey(), e.getValue());
        }
        return new SparkPaths(m);
    }

    public Configuration conf() {
        Configuration c = new Configuration(false);
        settings.forEach(c::set);
        return c;
    }

    /** A Hadoop path: text without a scheme is a local path (made absolute). */
    public static org.apache.hadoop.fs.Path path(String text) {
        URI u = URI.create(text.replace(" ", "%20"));
        if (u.getScheme() == null || u.getScheme().length() == 1) { // (a Windows drive letter is no scheme)
            return new org.apache.hadoop.fs.Path(Path.of(text).toAbsolutePath().normalize().toUri());
        }
        return new org.apache.hadoop.fs.Path(text);
    }

    /** The path's file system (no .crc side files on local disks: outputs are the tools' files only). */
    public FileSystem fs(org.apache.hadoop.fs.Path p) throws IOException {
        FileSystem fs = p.getFileSystem(conf());
        fs.setWriteChecksum(false);
        fs.setVerifyChecksum(false);
        return fs;
    }

    /** True for a {@code file:} path (our readers open it where it is). */
    public static boolean isLocal(org.apache.hadoop.fs.Path p) {
        return "file".equals(p.toUri().getScheme());
    }

    /** The file name without its extension. */
    public static String stem(String path) {
        String name = path(path).getName();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** A raster by its name (.tif, .tiff): folders are listed by name, without opening every file. */
    public static boolean isRasterName(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".tif") || n.endsWith(".tiff");
    }

    /** A feature file by its name (the tools' feature outputs: .gpkg, .geojson, .json, .shp, .csv). */
    public static boolean isVectorName(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".gpkg") || n.endsWith(".geojson") || n.endsWith(".json") || n.endsWith(".shp") || n.endsWith(".csv");
    }

    public String readText(org.apache.hadoop.fs.Path p) throws IOException {
        try (InputStream in = fs(p).open(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    public void writeText(org.apache.hadoop.fs.Path p, String text) throws IOException {
        try (OutputStream out = fs(p).create(p, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Copies a local file to {@code to} (any file system). */
    public void upload(Path local, org.apache.hadoop.fs.Path to) throws IOException {
        fs(to).copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), to);
    }

    /** Copies {@code from} (any file system) to a local file. */
    public void download(org.apache.hadoop.fs.Path from, Path local) throws IOException {
        Files.createDirectories(local.toAbsolutePath().getParent());
        fs(from).copyToLocalFile(false, from, new org.apache.hadoop.fs.Path(local.toUri()), true);
    }
}
