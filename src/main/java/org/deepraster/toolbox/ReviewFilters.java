package org.deepraster.toolbox;

import java.awt.Dimension;
import java.awt.GridBagConstraints;
import java.util.Set;
import java.util.function.Predicate;
import javax.swing.JComboBox;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JSlider;
import org.deepraster.feature.Feature;

/**
 * The review panel's filters besides the class list: a minimum confidence (a slider, off when
 * the results have no confidence) and the review status shown. A change calls back the panel,
 * which filters the map and the table again. EDT only.
 */
final class ReviewFilters {
    private final JSlider minConfidence = new JSlider(0, 100, 0);
    private final JLabel minConfidenceLabel = new JLabel("≥ 0");
    private final JComboBox<ReviewModel.StatusFilter> statusBox = new JComboBox<>(ReviewModel.StatusFilter.values());

    /** {@code changed} runs each time a filter changes. */
    ReviewFilters(Runnable changed) {
        minConfidence.setName("review.minConfidence");
        statusBox.setName("review.status");
        minConfidence.setMajorTickSpacing(25);
        minConfidence.setPaintTicks(true);
        minConfidence.addChangeListener(e -> {
            minConfidenceLabel.setText("≥ " + minConfidence.getValue());
            changed.run();
        });
        statusBox.addActionListener(e -> changed.run());
        // GridBagLayout falls back to minimum sizes when the dock is narrower than preferred
        minConfidence.setMinimumSize(new Dimension(60, minConfidence.getPreferredSize().height));
        minConfidence.setPreferredSize(new Dimension(120, minConfidence.getPreferredSize().height));
        statusBox.setMinimumSize(new Dimension(60, statusBox.getPreferredSize().height));
    }

    /** Adds the Confidence and Status rows to the panel's three-column grid from row {@code row}. */
    void addRows(JPanel p, GridBagConstraints c, int row) {
        c.gridy = row;
        c.gridwidth = 1;
        c.gridx = 0;
        p.add(new JLabel("Confidence"), c);
        c.gridx = 1;
        p.add(minConfidence, c);
        c.gridx = 2;
        p.add(minConfidenceLabel, c);

        c.gridy = row + 1;
        c.gridx = 0;
        p.add(new JLabel("Status"), c);
        c.gridx = 1;
        c.gridwidth = 2;
        p.add(statusBox, c);
    }

    /** Shows everything again for a new review (the confidence filter only when it has confidences). */
    void reset(ReviewModel m) {
        minConfidence.setValue(0);
        minConfidence.setEnabled(m.hasConfidence());
        statusBox.setSelectedItem(ReviewModel.StatusFilter.ALL);
    }

    /** The filter of the map and the table: these classes, and what the controls let through. */
    Predicate<Feature> filter(ReviewModel m, Set<String> shownClasses) {
        return m.filter(shownClasses, minConfidence.isEnabled() ? minConfidence.getValue() : 0,
                (ReviewModel.StatusFilter) statusBox.getSelectedItem());
    }

    /** Enables the status filter while a review is open. */
    void setEnabled(boolean on) {
        statusBox.setEnabled(on);
    }

    JSlider minConfidence() {
        return minConfidence;
    }
}
