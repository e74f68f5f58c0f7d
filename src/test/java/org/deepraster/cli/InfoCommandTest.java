package org.deepraster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.deepraster.model.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InfoCommandTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new InfoCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void describesARunnableModel() {
        String json = Fixtures.json("detector_yolov5", "ObjectDetection",
                "\"ModelName\": \"Trees\", \"Version\": \"1.2\", \"Classes\": [{\"Value\": 0, \"Name\": \"car\", \"Color\": [255, 0, 0]},"
                        + " {\"Value\": 1, \"Name\": \"tree\", \"Color\": [0, 255, 0]}]");
        Result r = run(json);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Name:                Trees", "Version:             1.2",
                "ObjectDetection -> Detect Objects", "Framework:           ONNX", "tree", "#00ff00",
                "Chip size:           32 x 32", "Bands:               [0, 1, 2]",
                "input FLOAT [batch, 3, 32, 32]", "output FLOAT [batch, 3, 7]",
                "threshold", "nms_overlap", "default 0.1", "YOLOv5/v7 layout", "Result: ready to run");
    }

    @Test
    void saysWhichYoloLayoutItRecognisedAndWhy() {
        Result obb = run(Fixtures.onnx("yolo_obb").toString());
        assertThat(obb.code()).as(obb.err()).isZero();
        assertThat(obb.out()).contains("oriented boxes [N, 4+C+1, K]", "recognised from Ultralytics metadata task obb",
                "ship", "Chip size:           32 x 32", "DataRange [0.0, 1.0]", "Result: ready to run", "yolo_layout");
        Result e2e = run(Fixtures.onnx("yolo26_end2end").toString());
        assertThat(e2e.out()).contains("end-to-end YOLOv10/YOLO26 [N, 300, 6]", "NMS-free", "end2end true");
        Result v5 = run(Fixtures.onnx("yolo_v5_detect").toString());
        assertThat(v5.out()).contains("YOLOv5/v7 layout", "recognised from shape output0 [1, 3, 7] with 2 classes");
        Result seg = run(Fixtures.onnx("yolo_seg").toString());
        assertThat(seg.out()).contains("segmentation [N, 4+C+32, K]", "prototypes output1", "InstanceDetection");
        Result cls = run(Fixtures.onnx("yolo_cls").toString());
        assertThat(cls.out()).contains("ObjectClassification -> Classify Objects", "forest");
    }

    @Test
    void anAmbiguousYoloShapeIsNotRunnableAndNamesTheArguments() {
        Result r = run(Fixtures.onnx("yolo_unlabelled").toString());
        assertThat(r.code()).isOne();
        assertThat(r.out()).contains("cannot tell the YOLO layout of output0 [1, 6, 8]",
                "--model_arguments \"yolo_layout v8;num_classes 2\"", "NOT runnable");
    }

    @Test
    void describesDeepnessOnnx() {
        Result r = run(Fixtures.onnx("seg_deepness").toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("water", "resolution 50.0 cm/px", "default 0.6");
    }

    @Test
    void nonOnnxFrameworkIsDescribedButFails() {
        Path emd = Fixtures.write(dir, "pt.emd", "{\"Framework\": \"PyTorch\", \"ModelFile\": \"m.pth\", \"ModelType\": \"ObjectClassification\","
                + " \"ImageHeight\": 224, \"Classes\": [{\"Value\": 1, \"Name\": \"Damaged\", \"Color\": [17, 157, 34]}]}");
        Result r = run(emd.toString());
        assertThat(r.code()).isOne();
        assertThat(r.out()).contains("Damaged", "Framework:           PyTorch", "\"Framework\": found \"PyTorch\"", "NOT runnable");
        assertThat(r.err()).contains("cannot be run");
        Result strict = run("--strict", emd.toString());
        assertThat(strict.code()).isOne();
        assertThat(strict.err()).contains("Error:", "PyTorch", "torch.onnx.export");
    }

    @Test
    void badInputGivesAClearMessage() {
        Result r = run(dir.resolve("missing.emd").toString());
        assertThat(r.code()).isOne();
        assertThat(r.err()).contains("Model definition not found");
        assertThat(r.err()).doesNotContain("Exception");
        Result mismatch = run(Fixtures.json("seg_softmax", "ImageClassification", "\"ExtractBands\": [0, 1]"));
        assertThat(mismatch.code()).isOne();
        assertThat(mismatch.out()).contains("ERROR", "selects 2");
    }
}
