package org.deepraster.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.deepraster.model.Fixtures;
import org.deepraster.model.ModelArguments;
import org.deepraster.model.ModelFormat;
import org.deepraster.util.UserException;
import org.deepraster.vector.MaskPolygons;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

/** The instance decoder on the hand-built Mask R-CNN fixtures (torchvision output names and shapes). */
class InstanceDecoderTest {
    private static final String CLASSES = "\"Classes\": [{\"Value\": 1, \"Name\": \"building\"}, {\"Value\": 2, \"Name\": \"shed\"}]";

    @BeforeAll
    static void open() {
        DecoderTest.open();
    }

    @AfterAll
    static void close() {
        DecoderTest.close();
    }

    /** Channel 0 = 0.6 (instance 0's score); channel 1 = instance 0's soft mask; channel 2 = instance 1's. */
    private static float[] pastedChip() {
        return DecoderTest.chip(3, 32, 32, (c, y, x) -> switch (c) {
            case 0 -> 0.6f;
            case 1 -> x == 20 && y == 2 ? 0.55f : x >= 4 && x < 12 && y >= 4 && y < 10 ? 0.95f : 0.4f;
            default -> x >= 16 && x < 28 && y >= 18 && y < 30 && !(x >= 20 && x < 24 && y >= 22 && y < 26) ? 0.7f : 0.1f;
        });
    }

    private static DecoderTest.Run pasted() {
        return DecoderTest.run(Fixtures.json("maskrcnn_pasted", "InstanceDetection", CLASSES), ModelFormat.NCHW, 1, pastedChip());
    }

    @Test
    void modelCheckRecognisesTorchvisionMaskRcnnOutputs() {
        DecoderTest.Run r = pasted();
        InstanceDecoder dec = InstanceDecoder.recognise(r.def(), DecoderTest.engine.session(r.def().modelFile()).signature()).orElseThrow();
        assertThat(dec).isEqualTo(new InstanceDecoder("boxes", "labels", "scores", "masks", false, 2));
        assertThat(ModelCheck.check(r.def(), DecoderTest.engine.session(r.def().modelFile()).signature()).problems())
                .anyMatch(p -> p.message().startsWith("instance masks: torchvision Mask R-CNN outputs boxes [N, 4]"));
        assertThat(dec.maskLayout(r.outs())).isEqualTo(InstanceDecoder.MaskLayout.PASTED);
    }

    @Test
    void pastedMasksAreThresholdedInChipPixelsWithLabelsOneBased() {
        DecoderTest.Run r = pasted();
        InstanceDecoder dec = InstanceDecoder.recognise(r.def(), DecoderTest.engine.session(r.def().modelFile()).signature()).orElseThrow();
        List<Instance> all = dec.decode(r.outs(), 0.5f, 0.5f).get(0);
        assertThat(all).hasSize(2);
        Instance a = all.get(0);
        assertThat(a.classIndex()).isZero();
        assertThat(a.label()).isEqualTo(1);
        assertThat(a.score()).isCloseTo(0.6f, within(1e-5f));
        assertThat(new float[] {a.x0(), a.y0(), a.x1(), a.y1()}).containsExactly(4, 4, 12, 10);
        assertThat(a.mask().count()).isEqualTo(8 * 6 + 1); // the rectangle and the 0.55 pixel at (20, 2)
        assertThat(a.mask().on(20, 2)).isTrue();
        assertThat(a.mask().on(3, 4)).isFalse();
        Instance b = all.get(1);
        assertThat(b.classIndex()).isEqualTo(1);
        assertThat(b.mask().count()).isEqualTo(12 * 12 - 4 * 4);
        assertThat(new int[] {b.mask().x0(), b.mask().y0(), b.mask().width(), b.mask().height()}).containsExactly(16, 18, 12, 12);

        // a higher mask threshold drops the 0.55 pixel; a higher score threshold drops instance 0
        assertThat(dec.decode(r.outs(), 0.5f, 0.6f).get(0).get(0).mask().count()).isEqualTo(48);
        assertThat(dec.decode(r.outs(), 0.7f, 0.5f).get(0)).extracting(Instance::label).containsExactly(2L);
        // a mask threshold above every value leaves no pixel: no instance
        assertThat(dec.decode(r.outs(), 0.0f, 0.99f).get(0)).isEmpty();

        // the ring-shaped mask becomes one polygon with a hole, in chip pixels
        InstanceMask m = b.mask();
        List<Polygon> ps = MaskPolygons.polygons(m.bits(), m.width(), m.height(), m.x0(), m.y0(), 0, new GeometryFactory());
        assertThat(ps).hasSize(1);
        assertThat(ps.get(0).getNumInteriorRing()).isEqualTo(1);
        assertThat(ps.get(0).getArea()).isEqualTo(128.0);
        assertThat(ps.get(0).getEnvelopeInternal().getMinX()).isEqualTo(16.0);
    }

    @Test
    void perBoxMasksAreStretchedOverTheirBoxUsingTheLabelsChannel() {
        DecoderTest.Run r = DecoderTest.run(Fixtures.json("maskrcnn_per_box", "InstanceDetection",
                "\"Classes\": [{\"Value\": 1, \"Name\": \"building\"}]"), ModelFormat.NCHW, 1, DecoderTest.constant(32, 0.8f, 0, 0));
        InstanceDecoder dec = InstanceDecoder.recognise(r.def(), DecoderTest.engine.session(r.def().modelFile()).signature()).orElseThrow();
        assertThat(dec.maskLayout(r.outs())).isEqualTo(InstanceDecoder.MaskLayout.PER_BOX);
        List<Instance> kept = dec.decode(r.outs(), 0.5f, 0.5f).get(0);
        assertThat(kept).hasSize(1);
        InstanceMask m = kept.get(0).mask();
        // box 8..16 in x and y, 4 x 4 cells of 2 px; the class channel's first column is 0: bilinear
        // values at pixel centres x = 8.5, 9.5 are 0 and 0.25, from 10.5 on at least 0.75
        assertThat(new int[] {m.x0(), m.y0(), m.width(), m.height()}).containsExactly(10, 8, 6, 8);
        assertThat(m.count()).isEqualTo(48);
        assertThat(kept.get(0).score()).isCloseTo(0.8f, within(1e-5f));
        // the second instance (score 0.3) fills its whole 10 x 10 box
        List<Instance> all = dec.decode(r.outs(), 0.2f, 0.5f).get(0);
        assertThat(all).hasSize(2);
        assertThat(all.get(1).mask().count()).isEqualTo(100);
        assertThat(all.get(1).mask().x0()).isEqualTo(20);
    }

    @Test
    void maskThresholdComesFromTheModelArgument() {
        assertThat(InstanceDecoder.maskThreshold(ModelArguments.EMPTY)).isEqualTo(0.5f);
        assertThat(InstanceDecoder.maskThreshold(ModelArguments.parse("mask_threshold 0.3"))).isEqualTo(0.3f);
        assertThatThrownBy(() -> InstanceDecoder.maskThreshold(ModelArguments.parse("mask_threshold 1.5")))
                .isInstanceOf(UserException.class).hasMessageContaining("between 0 and 1");
    }
}
