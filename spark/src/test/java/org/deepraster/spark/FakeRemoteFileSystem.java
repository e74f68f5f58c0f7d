package org.deepraster.spark;

import java.io.File;
import java.net.URI;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * A file system of scheme {@code fake:} over the local disk, for tests: not {@code file:}, so the runner treats its
 * paths as remote (copies inputs and models to local files, uploads outputs) as it does {@code hdfs:} or {@code s3a:}.
 */
public final class FakeRemoteFileSystem extends RawLocalFileSystem {
    @Override
    public URI getUri() {
        return URI.create("fake:///");
    }

    @Override
    public String getScheme() {
        return "fake";
    }

    @Override
    public File pathToFile(Path path) {
        return new File(path.toUri().getPath());
    }
}
