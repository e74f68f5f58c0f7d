package org.deepraster.toolbox;

import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Window;
import javax.swing.BorderFactory;
import javax.swing.Icon;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JDialog;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JTextArea;
import javax.swing.KeyStroke;
import javax.swing.UIManager;
import org.deepraster.plugin.ToolDescriptor;

/**
 * The dialog of a tool whose real dialog is not in this version yet: it says so honestly and
 * what the tool will do (its description). It runs nothing. An optional preview (the model
 * panel) lets the user already inspect what the tool will use.
 */
public final class UnavailableToolDialog extends JDialog {

    private static final int TEXT_WIDTH = 400;

    public UnavailableToolDialog(Window owner, ToolDescriptor tool, Icon icon) {
        this(owner, tool, icon, null);
    }

    public UnavailableToolDialog(Window owner, ToolDescriptor tool, Icon icon, JComponent preview) {
        super(owner, tool.name(), ModalityType.MODELESS);
        setDefaultCloseOperation(DISPOSE_ON_CLOSE);

        JLabel title = new JLabel(tool.name(), icon, JLabel.LEADING);
        title.setName("toolbox.tool." + tool.id() + ".title");
        title.setFont(UIManager.getFont("h3.font") != null ? UIManager.getFont("h3.font")
                : title.getFont().deriveFont(title.getFont().getSize2D() + 3f));

        String what = tool.description() == null || tool.description().isBlank()
                ? "" : "\n\nWhat it will do: " + tool.description();
        String previewNote = preview == null ? "" : " You can already choose a model below to see what it is, "
                + "whether it can run here, and its arguments.";
        JTextArea text = new JTextArea("The dialog of this tool is not available yet in this version "
                + "of DeepRaster, so the tool cannot be run from here." + previewNote + what);
        text.setName("toolbox.tool." + tool.id() + ".message");
        text.setEditable(false);
        text.setFocusable(false);
        text.setLineWrap(true);
        text.setWrapStyleWord(true);
        text.setOpaque(false);
        text.setBorder(null);
        // let the wrapped text take the height it needs at this width
        int width = preview == null ? TEXT_WIDTH : Math.max(TEXT_WIDTH, preview.getPreferredSize().width);
        text.setSize(new Dimension(width, Short.MAX_VALUE));
        text.setPreferredSize(new Dimension(width, text.getPreferredSize().height));

        JButton close = new JButton("Close");
        close.setName("toolbox.tool." + tool.id() + ".close");
        close.addActionListener(e -> dispose());

        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.TRAILING, 0, 0));
        buttons.add(close);

        JPanel content = new JPanel(new BorderLayout(0, 12));
        content.setBorder(BorderFactory.createEmptyBorder(14, 16, 12, 16));
        if (preview == null) {
            content.add(title, BorderLayout.NORTH);
            content.add(text, BorderLayout.CENTER);
        } else {
            JPanel head = new JPanel(new BorderLayout(0, 8));
            head.add(title, BorderLayout.NORTH);
            head.add(text, BorderLayout.CENTER);
            content.add(head, BorderLayout.NORTH);
            content.add(preview, BorderLayout.CENTER);
        }
        content.add(buttons, BorderLayout.SOUTH);
        setContentPane(content);
        if (preview == null) {
            // with a model panel, Enter belongs to its fields (Enter in the model path loads it)
            getRootPane().setDefaultButton(close);
        }
        getRootPane().registerKeyboardAction(e -> dispose(), KeyStroke.getKeyStroke("ESCAPE"),
                JComponent.WHEN_IN_FOCUSED_WINDOW);
        pack();
        if (preview != null) {
            // room for the model's description beside its arguments
            setSize(Math.max(getWidth(), 980), Math.max(getHeight(), 720));
        }
    }
}
