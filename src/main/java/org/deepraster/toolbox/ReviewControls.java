package org.deepraster.toolbox;

import java.awt.Component;
import java.awt.FlowLayout;
import java.awt.GridLayout;
import java.awt.Insets;
import java.util.List;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.UIManager;

/**
 * The review panel's controls under the feature table: previous/next and the decision buttons,
 * the zoom and advance options, the keys' legend, the export button and the message line that
 * says what the last action did. The panel gives the actions. EDT only.
 */
final class ReviewControls {
    /** What the buttons do. */
    record Actions(Runnable previous, Runnable next, Runnable accept, Runnable reject, Runnable clear,
                   Runnable export) {
    }

    private final JButton accept = new JButton("Accept");
    private final JButton reject = new JButton("Reject");
    private final JButton clear = new JButton("Clear");
    private final JButton previous = new JButton("◀");
    private final JButton next = new JButton("▶");
    private final JButton export = new JButton("Export accepted…");
    private final JCheckBox zoom = new JCheckBox("Zoom to feature", true);
    private final JCheckBox advance = new JCheckBox("Next after a decision", true);
    private final JLabel keys = new JLabel();
    private final JLabel message = new JLabel(" ");
    private final JPanel component = new JPanel();

    ReviewControls(Actions actions) {
        message.setName("review.message");
        keys.setName("review.keys");
        zoom.setName("review.zoom");
        advance.setName("review.advance");
        accept.setName("review.accept");
        reject.setName("review.reject");
        clear.setName("review.clear");
        previous.setName("review.previous");
        next.setName("review.next");
        export.setName("review.export");
        accept.setToolTipText("Accept the model's class (A)");
        reject.setToolTipText("Reject: not a real object, or not this class at all (R)");
        clear.setToolTipText("Clear the review of this feature (U)");
        previous.setToolTipText("Previous feature (Up, Left or P)");
        next.setToolTipText("Next feature (Down, Right or N)");
        export.setToolTipText("Write the accepted features (with relabels applied) to a new file");
        zoom.setToolTipText("Zoom to each feature selected; off: pan only when it is out of view");
        accept.addActionListener(e -> actions.accept().run());
        reject.addActionListener(e -> actions.reject().run());
        clear.addActionListener(e -> actions.clear().run());
        previous.addActionListener(e -> actions.previous().run());
        next.addActionListener(e -> actions.next().run());
        export.addActionListener(e -> actions.export().run());

        component.setLayout(new BoxLayout(component, BoxLayout.Y_AXIS));
        component.setBorder(BorderFactory.createEmptyBorder(2, 4, 4, 4));
        JPanel buttons = new JPanel();
        buttons.setLayout(new BoxLayout(buttons, BoxLayout.X_AXIS));
        for (JButton b : List.of(previous, next, accept, reject, clear)) {
            buttons.add(b);
            buttons.add(Box.createHorizontalStrut(2));
        }
        for (JButton b : List.of(previous, next, accept, reject, clear)) {
            b.setMargin(new Insets(2, 3, 2, 3));
        }
        JPanel options = new JPanel(new GridLayout(0, 1));
        options.add(zoom);
        options.add(advance);
        JPanel exportRow = new JPanel(new FlowLayout(FlowLayout.LEFT, 3, 2));
        exportRow.add(export);
        keys.setText("<html><small>Keys in the table: ↓ → N next · ↑ ← P previous · A accept · R reject · "
                + "1–9 relabel to class # · U clear</small></html>");
        message.setForeground(UIManager.getColor("Label.disabledForeground"));
        for (JComponent c : List.of(buttons, options, keys, exportRow, message)) {
            c.setAlignmentX(Component.LEFT_ALIGNMENT);
            component.add(c);
        }
    }

    JComponent component() {
        return component;
    }

    /** Enables the buttons: export while a review is open ({@code on}), the others while a row is selected. */
    void setEnabled(boolean on, boolean row) {
        for (JComponent c : List.of(accept, reject, clear, previous, next)) {
            c.setEnabled(row);
        }
        export.setEnabled(on);
    }

    /** Whether selecting a feature zooms to it (else pans only when it is out of view). */
    boolean zoom() {
        return zoom.isSelected();
    }

    /** Whether a decision moves on to the next feature. */
    boolean advance() {
        return advance.isSelected();
    }

    /** Says what happened (null or empty: nothing). */
    void message(String text) {
        message.setText(text == null || text.isEmpty() ? " "
                : "<html><div style='width:210px'>" + text.replace("&", "&amp;").replace("<", "&lt;") + "</div></html>");
        message.setToolTipText(text);
    }

    JLabel messageLabel() {
        return message;
    }
}
