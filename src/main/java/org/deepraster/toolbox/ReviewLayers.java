package org.deepraster.toolbox;

import java.awt.Component;
import java.util.function.Consumer;
import javax.swing.DefaultListCellRenderer;
import javax.swing.JComboBox;
import javax.swing.JList;
import org.deepraster.feature.Feature;
import org.deepraster.feature.FeatureCollection;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.plugin.LayerKind;
import org.deepraster.plugin.LayerService;
import org.deepraster.plugin.LayerStyle;
import org.locationtech.jts.geom.Geometry;

/**
 * The layers the review panel can review (vector layers from files, in the map's order) in its
 * "Results" box, which of them a review starts on by default, and how the reviewed layer is put
 * on the map: drawn in class colours with the review's decisions, and replaced by the file's
 * features when its ids are not the file's. EDT only.
 */
final class ReviewLayers {
    private final LayerService layers;
    private final JComboBox<LayerInfo> box = new JComboBox<>();
    private boolean refilling;

    /** {@code chosen} is told each layer the user picks in the box. */
    ReviewLayers(LayerService layers, Consumer<LayerInfo> chosen) {
        this.layers = layers;
        box.setName("review.layer");
        box.setRenderer(new Renderer());
        box.addActionListener(e -> {
            if (!refilling) {
                LayerInfo l = (LayerInfo) box.getSelectedItem();
                if (l != null) {
                    chosen.accept(l);
                }
            }
        });
    }

    JComboBox<LayerInfo> box() {
        return box;
    }

    /** Lists the vector layers from files again (GeoPackage ones first would hide order; keep the map's order). */
    void refill(LayerInfo current) {
        refilling = true;
        try {
            box.removeAllItems();
            for (LayerInfo l : layers.layers()) {
                if (l.kind() == LayerKind.VECTOR && l.path().isPresent()) {
                    box.addItem(l);
                }
            }
            box.setSelectedItem(current);
            if (current == null) {
                box.setSelectedIndex(-1);
            }
        } finally {
            refilling = false;
        }
    }

    /** The topmost layer drawn in class colours (a results layer), else the topmost vector layer from a file; null when none. */
    LayerInfo topResults() {
        LayerInfo best = null;
        for (LayerInfo l : layers.layers()) {
            if (l.kind() != LayerKind.VECTOR || l.path().isEmpty()) {
                continue;
            }
            boolean classes = l.currentStyle().map(s -> s.classField() != null).orElse(false);
            if (classes) {
                return l;
            }
            if (best == null) {
                best = l;
            }
        }
        return best;
    }

    /**
     * Puts the layer under review on the map and returns the layer that shows it: {@code l}
     * restyled, or, when {@code l} does not hold the file's features under their ids, a new
     * layer of the file's features in its place ({@code l} is removed).
     */
    LayerInfo show(LayerInfo l, ReviewModel m) {
        if (!sameFeatures(l, m)) {
            // e.g. the layer a run streamed (ids of the source objects, not of the file's rows):
            // show the file's features instead, so that map ids and file ids agree
            LayerStyle style = m.style(l.currentStyle().orElse(null));
            layers.remove(l);
            return layers.addFeatures(m.data(), style);
        }
        LayerStyle current = l.currentStyle().orElse(null);
        if (current == null || current.classField() == null) {
            layers.setStyle(l, m.style(current));
        } else if (current.review() == null) {
            // review decisions are drawn: rejected faded, relabelled in the new class's colour
            layers.setStyle(l, current.withReview(LayerStyle.Review.DEFAULT));
        }
        return l;
    }

    /** True when the layer holds exactly the file's features under the same ids. */
    private static boolean sameFeatures(LayerInfo l, ReviewModel m) {
        FeatureCollection fc = l.features().orElse(null);
        if (fc == null || fc.size() != m.features().size()) {
            return false;
        }
        for (Feature f : fc.features()) {
            Feature g = m.feature(f.id());
            if (g == null) {
                return false;
            }
            Geometry a = f.geometry();
            Geometry b = g.geometry();
            if (a == null ? b != null : b == null || !a.equalsExact(b, 1e-9)) {
                return false;
            }
        }
        return true;
    }

    /** Names a layer with its file. */
    private static final class Renderer extends DefaultListCellRenderer {
        @Override
        public Component getListCellRendererComponent(JList<?> list, Object value, int index,
                                                      boolean selected, boolean focus) {
            super.getListCellRendererComponent(list, value, index, selected, focus);
            if (value instanceof LayerInfo l) {
                setText(l.name() + l.path().map(p -> "  (" + p.getFileName() + ")").orElse(""));
            }
            return this;
        }
    }
}
