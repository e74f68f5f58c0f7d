package org.deepraster.toolbox.form;

import java.awt.Dimension;
import javax.swing.JTextArea;
import javax.swing.UIManager;
import javax.swing.text.DefaultCaret;

/**
 * A read-only, selectable text that wraps at whatever width its layout gives it and looks like a
 * label. Its preferred width is kept small: a wrapping JTextArea otherwise reports its current width
 * as preferred, so it never shrinks again and GridBagLayout falls back to minimum sizes everywhere.
 */
final class WrappingText extends JTextArea {
    private static final int MIN_WIDTH = 40;

    WrappingText(String text) {
        super(text);
        setEditable(false);
        setLineWrap(true);
        setWrapStyleWord(true);
        setOpaque(false);
        setBorder(null);
        setFont(UIManager.getFont("Label.font"));
        setForeground(UIManager.getColor("Label.foreground"));
        // setText must not move the caret and scroll an enclosing panel to this text
        ((DefaultCaret) getCaret()).setUpdatePolicy(DefaultCaret.NEVER_UPDATE);
    }

    @Override
    public Dimension getPreferredSize() {
        Dimension d = super.getPreferredSize();
        return new Dimension(Math.min(d.width, MIN_WIDTH), d.height);
    }

    @Override
    public Dimension getMinimumSize() {
        Dimension d = super.getMinimumSize();
        return new Dimension(Math.min(d.width, MIN_WIDTH), getPreferredSize().height);
    }
}
