package org.deepraster.tool.selfsupervised;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.deepraster.tool.ParameterValues;
import org.deepraster.util.UserException;
import org.junit.jupiter.api.Test;

/** The declarations: values give the record back, defaults are the documented ones, bad values are named. */
class SelfSupervisedSpecTest {
    final SelfSupervisedSpec spec = new SelfSupervisedSpec();

    @Test
    void valuesGiveTheRecordBack() throws Exception {
        SelfSupervisedParameters p = SelfSupervisedParameters.of(List.of(Path.of("a.tif"), Path.of("imgs")), "m.dlpk",
                        Path.of("out")).withClassifier(SelfSupervisedParameters.Classifier.RANDOM_FOREST, true)
                .withTiles(64, 0.8).withSampling(2000, 9).withLabels(Path.of("labels")).withOutput(true, true);
        assertThat(spec.parameters(spec.values(p))).isEqualTo(p);
        ParameterValues v = spec.newValues().set(SelfSupervisedSpec.IN_RASTER, "x.tif")
                .set(SelfSupervisedSpec.MODEL, "m.dlpk").set(SelfSupervisedSpec.OUT_FOLDER, "o");
        assertThat(spec.parameters(v)).isEqualTo(SelfSupervisedParameters.of(List.of(Path.of("x.tif")), "m.dlpk",
                Path.of("o")));
    }

    @Test
    void outOfRangeValuesAreNamed() {
        ParameterValues v = spec.newValues().set(SelfSupervisedSpec.IN_RASTER, "x.tif")
                .set(SelfSupervisedSpec.MODEL, "m.dlpk").set(SelfSupervisedSpec.OUT_FOLDER, "o")
                .set(SelfSupervisedSpec.CONFIDENCE, "1.5");
        assertThatThrownBy(() -> spec.parameters(v)).isInstanceOf(UserException.class)
                .hasMessageContaining("--confidence_threshold");
        ParameterValues c = spec.newValues().set(SelfSupervisedSpec.IN_RASTER, "x.tif")
                .set(SelfSupervisedSpec.MODEL, "m.dlpk").set(SelfSupervisedSpec.OUT_FOLDER, "o")
                .set(SelfSupervisedSpec.CLASSIFIER, "SVM");
        assertThatThrownBy(() -> spec.parameters(c)).isInstanceOf(UserException.class).hasMessageContaining("SVM");
    }
}
