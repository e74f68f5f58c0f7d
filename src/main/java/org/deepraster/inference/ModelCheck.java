package org.deepraster.inference;

import java.util.ArrayList;
import java.util.List;
import org.deepraster.model.ModelDefinition;
import org.deepraster.model.ModelFormat;
import org.deepraster.model.ModelSignature;
import org.deepraster.model.TensorSpec;
import org.deepraster.util.UserException;

/**
 * Checks a definition against its ONNX file before any run: input layout and element type, channel
 * count vs ExtractBands, chip size vs ImageHeight/ImageWidth, batch axis vs BatchSize, outputs vs
 * model type (a decoder must fit).
 */
public final class ModelCheck {
    public enum Severity { ERROR, WARNING, INFO }

    public record Problem(Severity severity, String subject, String message) {
        @Override
        public String toString() {
            return severity + " " + subject + ": " + message;
        }
    }

    /** Check results; {@link #ok()} when there is no error. */
    public record Report(List<Problem> problems, Decoder decoder) {
        public Report {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return errors().isEmpty();
        }

        public List<Problem> errors() {
            return problems.stream().filter(p -> p.severity() == Severity.ERROR).toList();
        }

        /** Throws a UserException listing the errors, if any. */
        public void throwIfErrors(String modelLabel) {
            List<Problem> e = errors();
            if (!e.isEmpty()) {
                StringBuilder sb = new StringBuilder(modelLabel + ": the model file does not match its definition:");
                e.forEach(p -> sb.append("\n  - ").append(p.subject()).append(": ").append(p.message()));
                throw new UserException(sb.toString(), "Fix the .emd keys named above, or re-export the model.");
            }
        }
    }

    private ModelCheck() {
    }

    public static Report check(ModelDefinition d, ModelSignature sig) {
        List<Problem> out = new ArrayList<>();
        if (sig.inputs().isEmpty()) {
            out.add(new Problem(Severity.ERROR, "inputs", "the model has no input"));
            return new Report(out, null);
        }
        if (sig.inputs().size() > 1) {
            out.add(new Problem(Severity.ERROR, "inputs", "the model has " + sig.inputs().size()
                    + " inputs; DeepRaster feeds one image input (found " + sig.inputs() + ")"));
        }
        TensorSpec in = sig.input();
        if (!in.elementType().equals("FLOAT")) {
            out.add(new Problem(Severity.ERROR, "input " + in.name(), "element type " + in.elementType()
                    + ", expected FLOAT (float32)"));
        }
        if (in.rank() != 4) {
            out.add(new Problem(Severity.ERROR, "input " + in.name(), "shape " + in.shapeText()
                    + ", expected 4 axes [N, C, H, W] (NCHW) or [N, H, W, C] (NHWC)"));
        } else {
            checkInput(d, in, out);
        }
        Decoder decoder = null;
        if (org.deepraster.model.PixelConvention.of(d).writesValues()) {
            checkValues(d, sig, out);
            return new Report(out, null);
        }
        try {
            decoder = Decoders.select(d, sig);
            out.add(new Problem(Severity.INFO, "outputs", decoder.describe()));
            checkOutputs(d, sig, in, decoder, out);
        } catch (UserException e) {
            out.add(new Problem(Severity.ERROR, "outputs", e.getMessage() + (e.hint().isEmpty() ? "" : " " + e.hint())));
        }
        return new Report(out, decoder);
    }

    private static void checkInput(ModelDefinition d, TensorSpec in, List<Problem> out) {
        boolean nchw = d.modelFormat() == ModelFormat.NCHW;
        int ci = nchw ? 1 : 3;
        int other = nchw ? 3 : 1;
        int bands = d.extractBands().count();
        String subject = "input " + in.name() + " " + in.shapeText();
        if (bands > 0 && !in.isDynamic(ci) && in.dim(ci) != bands) {
            if (!in.isDynamic(other) && in.dim(other) == bands) {
                out.add(new Problem(Severity.ERROR, subject, "looks " + (nchw ? "NHWC" : "NCHW") + " (channels on axis "
                        + other + ") but ModelFormat is " + d.modelFormat() + "; set \"ModelFormat\": \""
                        + (nchw ? "NHWC" : "NCHW") + "\""));
            } else {
                out.add(new Problem(Severity.ERROR, subject, "takes " + in.dim(ci) + " channels but ExtractBands "
                        + d.extractBands() + " selects " + bands));
            }
        } else if (bands == 0) {
            out.add(new Problem(Severity.WARNING, "ExtractBands", "missing; the first "
                    + (in.isDynamic(ci) ? 3 : in.dim(ci)) + " bands will be read"));
        }
        int hi = nchw ? 2 : 1;
        int wi = nchw ? 3 : 2;
        if (in.isDynamic(hi) || in.isDynamic(wi)) {
            out.add(new Problem(Severity.INFO, subject, "accepts variable chip sizes (dynamic height/width)"));
            if (d.imageHeight() == null) {
                out.add(new Problem(Severity.WARNING, "ImageHeight/ImageWidth", "missing and the model accepts any "
                        + "size: set them (the tile size the model was trained on), or pass tile_size"));
            }
        } else if (d.imageHeight() == null) {
            out.add(new Problem(Severity.WARNING, "ImageHeight/ImageWidth", "missing; the model's fixed "
                    + in.dim(hi) + " x " + in.dim(wi) + " will be used"));
        } else if (in.dim(hi) != d.imageHeight() || in.dim(wi) != d.imageWidth()) {
            out.add(new Problem(Severity.ERROR, subject, "fixes the chip at " + in.dim(hi) + " x " + in.dim(wi)
                    + " (height x width) but ImageHeight x ImageWidth is " + d.imageHeight() + " x " + d.imageWidth()));
        }
        if (in.isDynamic(0)) {
            out.add(new Problem(Severity.INFO, subject, "dynamic batch axis: any batch_size works"));
        } else if (d.batchSize() != null && d.batchSize() != in.dim(0)) {
            out.add(new Problem(Severity.ERROR, subject, "fixes the batch at " + in.dim(0) + " but BatchSize is "
                    + d.batchSize()));
        } else {
            out.add(new Problem(Severity.INFO, subject, "fixed batch axis: batches of exactly " + in.dim(0)
                    + " chips (shorter batches are padded)"));
        }
    }

    /** A Deepness Regressor / Superresolution: float outputs [N, H, W] / [N, C, H, W]; superresolution one, s times larger. */
    private static void checkValues(ModelDefinition d, ModelSignature sig, List<Problem> out) {
        boolean sr = org.deepraster.model.PixelConvention.of(d) == org.deepraster.model.PixelConvention.SUPERRESOLUTION;
        if (sr && sig.outputs().size() != 1) {
            out.add(new Problem(Severity.ERROR, "outputs", sig.outputs().size() + " outputs; a Deepness Superresolution"
                    + " model has one [N, C, H*s, W*s]"));
        }
        for (TensorSpec o : sig.outputs()) {
            if (!o.elementType().equals("FLOAT") || (o.rank() != 4 && (sr || o.rank() != 3))) {
                out.add(new Problem(Severity.ERROR, "output " + o.name(), o.elementType() + " " + o.shapeText()
                        + ", expected FLOAT " + (sr ? "[N, C, H*s, W*s]" : "[N, H, W] or [N, C, H, W]")));
            }
        }
        Integer s = org.deepraster.model.PixelConvention.scaleFactor(sig);
        out.add(new Problem(Severity.INFO, "outputs", sr ? "super-resolution" + (s != null ? " x" + s
                : " (factor measured on one tile)") + ": " + sig.outputs().get(0).shapeText()
                : "regression: channel 0 of " + sig.outputs().size() + " output(s), one float raster each"));
    }

    private static void checkOutputs(ModelDefinition d, ModelSignature sig, TensorSpec in, Decoder dec, List<Problem> out) {
        int nc = d.classes().size();
        if (dec instanceof ClassificationDecoder c && c.numClasses() > 0 && nc > 0 && c.numClasses() != nc) {
            out.add(new Problem(c.numClasses() == nc + 1 ? Severity.WARNING : Severity.ERROR, "output " + c.output(),
                    c.numClasses() + " class scores but the definition lists " + nc + " classes"));
        }
        if (dec instanceof PixelDecoder p) {
            TensorSpec o = sig.outputs().stream().filter(t -> t.name().equals(p.output())).findFirst().orElseThrow();
            if (p.kind() == PixelDecoder.Kind.CLASS_SCORES && !o.isDynamic(1) && nc > 0 && o.dim(1) != nc) {
                out.add(new Problem(Severity.ERROR, "output " + o.name(), o.dim(1)
                        + " class channels but the definition lists " + nc + " classes"));
            }
            boolean nchw = d.modelFormat() == ModelFormat.NCHW;
            long ih = in.rank() == 4 ? in.dim(nchw ? 2 : 1) : -1;
            long iw = in.rank() == 4 ? in.dim(nchw ? 3 : 2) : -1;
            long oh = o.dim(-2);
            long ow = o.dim(-1);
            if (ih > 0 && oh > 0 && iw > 0 && ow > 0) {
                if (oh > ih || ow > iw) {
                    out.add(new Problem(Severity.ERROR, "output " + o.name(), "is larger (" + oh + " x " + ow
                            + ") than the input (" + ih + " x " + iw + ")"));
                } else if (oh < ih || ow < iw) {
                    long border = (ih - oh) / 2;
                    out.add(new Problem(d.modelPadding() != null && d.modelPadding() != border ? Severity.WARNING : Severity.INFO,
                            "output " + o.name(), oh + " x " + ow + " is centred on the " + ih + " x " + iw
                                    + " input (border " + border + " px" + (d.modelPadding() == null ? ""
                                    : ", ModelPadding " + d.modelPadding()) + ")"));
                }
            }
        }
        if (dec instanceof DetectionDecoder && nc == 0) {
            out.add(new Problem(Severity.WARNING, "Classes", "no classes listed; detections will carry class numbers"));
        }
        boolean masks = dec instanceof DetectionDecoder det && det.layout().masks();
        if (d.modelType() != null && d.modelType().name().equals("INSTANCE_DETECTION") && !masks) {
            out.add(new Problem(Severity.WARNING, "ModelType", d.modelType().emdName()
                    + ": no boxes/labels/scores/masks outputs (torchvision Mask R-CNN) or YOLO segmentation head found;"
                    + " only boxes are decoded"));
        }
        if (d.modelType() != null && d.modelType().name().equals("CHANGE_DETECTION")) {
            out.add(new Problem(Severity.WARNING, "ModelType", d.modelType().emdName()
                    + ": only the first output is decoded; two-image inputs are not supported yet"));
        }
    }
}
