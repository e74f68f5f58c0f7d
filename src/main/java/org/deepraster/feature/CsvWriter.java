package org.deepraster.feature;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.locationtech.jts.io.WKTWriter;

/**
 * Streams features to a CSV file (UTF-8, RFC 4180 quoting): a {@code WKT} column with the
 * geometry in the schema's CRS, then one column per field. Dates are ISO 8601 text.
 */
public final class CsvWriter implements FeatureWriter {
    private final BufferedWriter out;
    private final List<Field> fields;
    private final WKTWriter wkt = new WKTWriter();
    private long count;
    private boolean closed;

    CsvWriter(Path file, FeatureSchema schema) throws IOException {
        this.fields = schema.fields();
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        out.write("WKT");
        for (Field f : fields) {
            out.write(',');
            out.write(quote(f.name()));
        }
        out.write("\r\n");
    }

    @Override
    public void write(List<Feature> features) throws IOException {
        for (Feature f : features) {
            out.write(f.geometry() == null ? "" : quote(wkt.write(f.geometry())));
            for (Field field : fields) {
                out.write(',');
                Object v = f.attributes().get(field.name());
                if (v != null) {
                    String s = v instanceof java.time.temporal.Temporal && !(v instanceof java.time.LocalDate)
                            || v instanceof java.util.Date ? GpkgValues.dateTime(v)
                            : v instanceof byte[] b ? java.util.Base64.getEncoder().encodeToString(b) : v.toString();
                    out.write(quote(s));
                }
            }
            out.write("\r\n");
            count++;
        }
        out.flush();
    }

    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
    }
}
