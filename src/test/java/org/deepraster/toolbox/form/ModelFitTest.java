package org.deepraster.toolbox.form;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import javax.swing.SwingUtilities;
import org.deepraster.inference.DetectionDecoder;
import org.deepraster.inference.PixelDecoder;
import org.deepraster.model.ModelDefinitions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A model of another kind is refused when it loads into a tool, not on Run. */
class ModelFitTest {
    private static final String DETECTOR = Path.of("sample-models/tree_car_detector.dlpk").toAbsolutePath().toString();
    private static final String LANDCOVER = Path.of("sample-models/landcover_classifier.dlpk").toAbsolutePath().toString();

    @Test
    void aDetectorDoesNotFitClassifyPixelsAndSaysWhereItDoes() {
        LoadedModel detector = LoadedModel.load(DETECTOR, ModelDefinitions.Options.strict());
        assertThat(detector.runnable()).isTrue();
        String misfit = ModelFit.needs(PixelDecoder.class, "a pixel classifier", "Classify Pixels").apply(detector);
        assertThat(misfit).contains("is an object detector").contains("Classify Pixels needs a pixel classifier")
                .contains("Use it in Detect Objects");
        assertThat(ModelFit.needs(DetectionDecoder.class, "an object detector", "Detect Objects").apply(detector)).isNull();

        LoadedModel landcover = LoadedModel.load(LANDCOVER, ModelDefinitions.Options.strict());
        assertThat(ModelFit.needs(PixelDecoder.class, "a pixel classifier", "Classify Pixels").apply(landcover)).isNull();
        assertThat(ModelFit.needs(DetectionDecoder.class, "an object detector", "Detect Objects").apply(landcover))
                .contains("is a pixel classifier").contains("Use it in Classify Pixels");
    }

    @Test
    @Timeout(60)
    void thePickerShowsTheRefusalAsSoonAsTheModelLoads() throws Exception {
        ModelPicker[] picker = new ModelPicker[1];
        SwingUtilities.invokeAndWait(() -> {
            picker[0] = new ModelPicker();
            picker[0].setFit(ModelFit.needs(PixelDecoder.class, "a pixel classifier", "Classify Pixels"));
            picker[0].load(DETECTOR);
        });
        LoadedModel[] m = new LoadedModel[1];
        long end = System.currentTimeMillis() + 50_000;
        while (m[0] == null && System.currentTimeMillis() < end) {
            Thread.sleep(50);
            SwingUtilities.invokeAndWait(() -> m[0] = picker[0].isLoading() ? null : picker[0].loaded());
        }
        assertThat(m[0]).isNotNull();
        assertThat(m[0].runnable()).isFalse();
        String[] message = new String[1];
        SwingUtilities.invokeAndWait(() -> message[0] = picker[0].message());
        assertThat(message[0]).startsWith("This model cannot run here.").contains("object detector").doesNotContain("Ready to run");
    }
}
