package org.deepraster.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayerStyleTest {

    @Test
    void theSixValueConstructorStillWorksAndHasNoLabelOrReview() {
        Map<Object, Color> colors = new HashMap<>();
        colors.put("tree", Color.GREEN);
        LayerStyle s = new LayerStyle(Color.BLACK, Color.GRAY, 2f, 6f, "Class", colors);
        assertThat(s.label()).isNull();
        assertThat(s.review()).isNull();
        assertThat(s.labelsShown()).isFalse();
        assertThat(s.colorFor("tree")).isEqualTo(Color.GREEN);
        assertThat(s).isEqualTo(new LayerStyle(Color.BLACK, Color.GRAY, 2f, 6f, "Class", colors, null, null));
        assertThat(LayerStyle.simple(Color.RED, null).label()).isNull();
        colors.put("car", Color.RED);
        assertThat(s.classColors()).as("a copy").doesNotContainKey("car");
    }

    @Test
    void withersKeepEverythingElse() {
        LayerStyle s = new LayerStyle(Color.BLACK, Color.GRAY, 2f, 6f, "Class", Map.of("tree", Color.GREEN))
                .withLabel(LayerStyle.Label.of("{Class}")).withReview(LayerStyle.Review.DEFAULT);
        LayerStyle t = s.withStroke(Color.RED).withFill(Color.BLUE).withLineWidth(3f).withPointSize(9f);
        assertThat(t.label()).isEqualTo(s.label());
        assertThat(t.review()).isEqualTo(LayerStyle.Review.DEFAULT);
        assertThat(t.classField()).isEqualTo("Class");
        assertThat(t.classColors()).isEqualTo(s.classColors());
        assertThat(t.stroke()).isEqualTo(Color.RED);
        assertThat(t.lineWidth()).isEqualTo(3f);
        assertThat(s.withLabel(s.label().withShown(false)).labelsShown()).isFalse();
        assertThat(s.withLabel(s.label().withShown(false)).label().template()).isEqualTo("{Class}");
    }

    @Test
    void labelTemplates() {
        LayerStyle.Label l = LayerStyle.Label.classAndConfidence("Class", "Confidence");
        Map<String, Object> a = new HashMap<>();
        a.put("Class", "tree");
        a.put("Confidence", 87.4);
        assertThat(l.text(a::get)).isEqualTo("tree 87%");
        a.put("ReviewLabel", "car");
        assertThat(l.text(a::get)).as("the reviewer's class first").isEqualTo("car 87%");
        a.put("ReviewLabel", " ");
        a.remove("Confidence");
        assertThat(l.text(a::get)).as("no confidence, no per cent sign").isEqualTo("tree");
        a.remove("Class");
        assertThat(l.text(a::get)).isEmpty();
        assertThat(LayerStyle.Label.of("{n:%d} of {total}").text(Map.<String, Object>of("n", 3, "total", 5)::get))
                .isEqualTo("3 of 5");
        assertThat(LayerStyle.Label.of("{x:%q}").text(Map.<String, Object>of("x", 1.5)::get)).as("bad format").isEqualTo("1.5");
        assertThat(l.fields()).containsExactly("ReviewLabel", "Class", "Confidence");
        assertThatThrownBy(() -> LayerStyle.Label.of(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
