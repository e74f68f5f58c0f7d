package org.deepraster.campaign;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deepraster.model.Fixtures;

/**
 * The campaign's {@code detect-objects} cases: hostile model definitions of an object detector, the hostile
 * GeoTIFFs of {@link HostileInputs#small()}, and a NaN and a zero pixel scale, each through
 * {@code detect-objects --overwrite} onto an earlier GeoPackage output.
 */
final class DetectCases {
    static final String TOOL = "detect-objects";

    private DetectCases() {
    }

    static String detectorEmd(String modelFile, String extra) {
        return HostileInputs.emdText(modelFile, "\"Classes\": [{\"Value\": 0, \"Name\": \"car\"}, {\"Value\": 1, \"Name\": \"tree\"}]"
                + (extra.isEmpty() ? "" : ", " + extra)).replace("ImageClassification", "ObjectDetection");
    }

    static List<HostileInputs.Case> cases(HostileInputs in, Path dir) throws IOException {
        Path onnx = dir.resolve("detector.onnx");
        if (!Files.exists(onnx)) {
            Files.copy(Fixtures.onnx("detector_boxes_scores_labels"), onnx);
        }
        String m = onnx.toString().replace("\\", "/");
        String good = in.emd("det_good", detectorEmd(m, ""));
        List<HostileInputs.Case> c = new ArrayList<>();
        c.add(new HostileInputs.Case("detect: valid input (control)", in.raster, good, HostileInputs.Expect.ANY, TOOL));
        String[][] emds = {
            {"no ModelType", detectorEmd(m, "").replace("\"ModelType\": \"ObjectDetection\",", "")},
            {"ModelType ImageClassification (not a detector)", HostileInputs.emdText(m, "")},
            {"ExtractBands [\"99999999999\"]", detectorEmd(m, "").replace("[0, 1, 2]", "[\"99999999999\"]")},
            {"BatchSize 1e9", detectorEmd(m, "\"BatchSize\": 1e9")},
            {"ImageHeight 2^31-1", detectorEmd(m, "").replace("32, \"ImageWidth\": 32", "2147483647, \"ImageWidth\": 2147483647")},
            {"scaled_std_values 0", detectorEmd(m, "\"NormalizationStats\": {\"band_min_values\": [0, 0, 0], \"band_max_values\":"
                    + " [255, 255, 255], \"scaled_mean_values\": [0, 0, 0], \"scaled_std_values\": [0, 0, 0]}")},
            {"ModelFile missing", detectorEmd(dir.resolve("absent.onnx").toString().replace("\\", "/"), "")},
            {"not JSON", "{\"Framework\": \"ONNX\", \"ModelType\": \"ObjectDetection\""},
        };
        for (int i = 0; i < emds.length; i++) {
            c.add(new HostileInputs.Case("detect: emd: " + emds[i][0], in.raster, in.emd("det" + i, emds[i][1]),
                    HostileInputs.Expect.REFUSED, TOOL));
        }
        for (HostileInputs.Case t : in.small()) {
            if (t.name().startsWith("tiff:")) {
                c.add(new HostileInputs.Case("detect: " + t.name(), t.raster(), good, t.expect(), TOOL));
            }
        }
        byte[] tif = Files.readAllBytes(in.raster);
        c.add(new HostileInputs.Case("detect: tiff: NaN pixel scale", in.tiff("det_nan", pixelScale(tif, Double.NaN)), good,
                HostileInputs.Expect.REFUSED, TOOL));
        c.add(new HostileInputs.Case("detect: tiff: zero pixel scale", in.tiff("det_zero", pixelScale(tif, 0)), good,
                HostileInputs.Expect.REFUSED, TOOL));
        return c;
    }

    /** The file with both pixel sizes of ModelPixelScale (tag 33550, three DOUBLEs) set to {@code v}. */
    static byte[] pixelScale(byte[] tif, double v) {
        byte[] b = tif.clone();
        ByteBuffer bb = ByteBuffer.wrap(b).order(tif[0] == 'M' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int ifd = bb.getInt(4);
        int n = bb.getShort(ifd) & 0xffff;
        for (int i = 0; i < n; i++) {
            int e = ifd + 2 + i * 12;
            if ((bb.getShort(e) & 0xffff) == 33550) {
                int at = bb.getInt(e + 8);
                bb.putDouble(at, v);
                bb.putDouble(at + 8, v);
                return b;
            }
        }
        throw new IllegalStateException("no ModelPixelScale in the raster");
    }
}
