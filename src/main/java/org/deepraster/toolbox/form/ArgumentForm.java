package org.deepraster.toolbox.form;

import java.awt.Color;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JFormattedTextField;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JSpinner;
import javax.swing.JTextField;
import javax.swing.SpinnerNumberModel;
import javax.swing.UIManager;
import javax.swing.event.ChangeEvent;
import javax.swing.event.ChangeListener;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;
import javax.swing.text.JTextComponent;
import org.deepraster.model.ArgumentSpec;
import org.deepraster.model.ArgumentSpec.BooleanSpec;
import org.deepraster.model.ArgumentSpec.ChoiceSpec;
import org.deepraster.model.ArgumentSpec.IntegerSpec;
import org.deepraster.model.ArgumentSpec.NumberSpec;
import org.deepraster.model.ArgumentSpec.TextSpec;
import org.deepraster.model.ArgumentSpecs;
import org.deepraster.model.ModelArguments;

/**
 * The "Arguments" form of a model, generated from its {@link ArgumentSpec}s (nothing is written per
 * model): a spinner for numbers and whole numbers (range from the spec), a combo for choices, a
 * check box for booleans and a text field for text. The label is the spec's display name (a
 * required argument is marked with *), the tooltip its description, expected values and default.
 * Hidden specs (set by the model itself, e.g. padding when the .emd has ModelPadding) get no editor
 * and stay at their defaults.
 *
 * <p>Every edit is validated at once with {@link ArgumentSpec#validate(String)}: an invalid field gets
 * FlatLaf's red outline and the message below it, {@link #isInputValid()} turns false, and the
 * change listeners hear about it. {@link #values()} gives only the arguments that differ from their
 * defaults, in ArcGIS's form ({@code "padding 64;batch_size 4"}), which is also shown live as the
 * equivalent {@code --model_arguments} of the command line; {@link #allValues()} gives every shown
 * argument.
 *
 * <p>Not named {@code isValid()}: that is AWT's layout-validity flag of every component, and
 * overriding it would break layout. Create and use on the EDT only.
 */
public final class ArgumentForm extends JPanel implements javax.swing.Scrollable {

    private final JPanel fields = new JPanel(new GridBagLayout());
    private final JButton reset = new JButton("Reset to defaults");
    private final JTextField commandLine = new JTextField();
    private final JLabel empty = new JLabel("This model has no arguments to set.");
    private final List<Field> shown = new ArrayList<>();
    private final List<ChangeListener> listeners = new ArrayList<>();
    private List<ArgumentSpec> specs = List.of();
    private boolean quiet;

    public ArgumentForm() {
        super(new GridBagLayout());
        setName("args.form");
        fields.setName("args.fields");
        fields.setOpaque(false);
        reset.setName("args.reset");
        reset.setToolTipText("Set every argument back to the default of the model");
        reset.addActionListener(e -> resetToDefaults());
        commandLine.setName("args.commandLine");
        commandLine.setEditable(false);
        commandLine.putClientProperty("JTextField.placeholderText", "all defaults: no --model_arguments needed");
        commandLine.setToolTipText("The same arguments for the command line tools (select and copy)");
        empty.setName("args.empty");
        empty.setEnabled(false);

        GridBagConstraints c = new GridBagConstraints();
        c.gridx = 0;
        c.gridy = 0;
        c.gridwidth = 2;
        c.weightx = 1;
        c.fill = GridBagConstraints.HORIZONTAL;
        c.anchor = GridBagConstraints.NORTHWEST;
        add(fields, c);
        c.gridy = 1;
        c.fill = GridBagConstraints.NONE;
        c.anchor = GridBagConstraints.EAST;
        c.insets = new Insets(8, 0, 0, 0);
        add(reset, c);
        c.gridy = 2;
        c.anchor = GridBagConstraints.WEST;
        c.insets = new Insets(10, 0, 2, 0);
        JLabel cl = new JLabel("Command line equivalent:");
        cl.setLabelFor(commandLine);
        add(cl, c);
        c.gridy = 3;
        c.fill = GridBagConstraints.HORIZONTAL;
        c.insets = new Insets(0, 0, 0, 0);
        add(commandLine, c);
        c.gridx = 0;
        c.gridy = 4;
        c.weighty = 1;
        c.fill = GridBagConstraints.BOTH;
        add(javax.swing.Box.createVerticalGlue(), c);
        setSpecs(List.of());
    }

    /** Rebuilds the form for these specs; every field starts at its default. */
    public void setSpecs(List<ArgumentSpec> newSpecs) {
        specs = List.copyOf(newSpecs);
        shown.clear();
        fields.removeAll();
        GridBagConstraints c = new GridBagConstraints();
        c.anchor = GridBagConstraints.WEST;
        int row = 0;
        for (ArgumentSpec s : specs) {
            if (s.info().hidden()) {
                continue;
            }
            Field f = new Field(s);
            shown.add(f);
            c.gridx = 0;
            c.gridy = row;
            c.weightx = 0;
            c.fill = GridBagConstraints.NONE;
            c.insets = new Insets(row == 0 ? 0 : 6, 0, 0, 10);
            fields.add(f.label, c);
            c.gridx = 1;
            c.weightx = 1;
            c.fill = f.editor instanceof JCheckBox ? GridBagConstraints.NONE : GridBagConstraints.HORIZONTAL;
            c.insets = new Insets(row == 0 ? 0 : 6, 0, 0, 0);
            fields.add(f.editor, c);
            c.gridy = ++row;
            c.fill = GridBagConstraints.HORIZONTAL;
            c.insets = new Insets(2, 0, 0, 0);
            fields.add(f.message, c);
            row++;
        }
        if (shown.isEmpty()) {
            c.gridx = 0;
            c.gridy = 0;
            c.gridwidth = 2;
            fields.add(empty, c);
        }
        reset.setEnabled(!shown.isEmpty());
        fields.revalidate();
        fields.repaint();
        revalidate();
        repaint();
        changed();
    }

    /** The text shown when there are no arguments (e.g. "Choose a model to see its arguments."). */
    public void setEmptyText(String text) {
        empty.setText(text);
    }

    public List<ArgumentSpec> specs() {
        return specs;
    }

    /** True when every shown field holds a valid value. */
    public boolean isInputValid() {
        return shown.stream().allMatch(f -> f.error == null);
    }

    /** The messages of the invalid fields, in form order (empty when valid). */
    public List<String> errors() {
        return shown.stream().filter(f -> f.error != null).map(f -> f.error).toList();
    }

    /**
     * The arguments that differ from their model's defaults, as the user wrote them (an invalid value is
     * included as typed: check {@link #isInputValid()}). Hidden arguments are never included.
     */
    public ModelArguments values() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Field f : shown) {
            if (!f.isDefault()) {
                m.put(f.spec.name(), f.text());
            }
        }
        return ModelArguments.of(m);
    }

    /** Every shown argument with its current value (defaults included), in form order. */
    public ModelArguments allValues() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Field f : shown) {
            String t = f.text();
            if (t != null && !t.isEmpty()) {
                m.put(f.spec.name(), t);
            }
        }
        return ModelArguments.of(m);
    }

    /**
     * Resets the form to the defaults, then fills in these values (names matched ignoring case, and
     * aliases such as score_threshold for threshold). An invalid value is put in its field and flagged.
     *
     * @return one message for each value that could not be put in a field (unknown or hidden argument)
     */
    public List<String> setValues(ModelArguments args) {
        List<String> skipped = new ArrayList<>();
        quiet = true;
        try {
            shown.forEach(Field::reset);
            for (Map.Entry<String, String> e : args.values().entrySet()) {
                ArgumentSpec s = ArgumentSpecs.find(specs, e.getKey());
                if (s == null) {
                    skipped.add("unknown model argument \"" + e.getKey() + "\"; this model knows: "
                            + String.join(", ", specs.stream().map(ArgumentSpec::name).toList()));
                } else if (s.info().hidden()) {
                    skipped.add("model argument \"" + s.name() + "\" is set by the model itself (" + s.defaultText()
                            + "); the value " + e.getValue() + " was ignored");
                } else {
                    field(s.name()).set(e.getValue());
                }
            }
        } finally {
            quiet = false;
        }
        changed();
        return skipped;
    }

    /** Parses ArcGIS's string form and fills the form; see {@link #setValues(ModelArguments)}. */
    public List<String> setValues(String arcgisText) {
        return setValues(ModelArguments.parse(arcgisText));
    }

    public void resetToDefaults() {
        quiet = true;
        try {
            shown.forEach(Field::reset);
        } finally {
            quiet = false;
        }
        changed();
    }

    /** The {@code --model_arguments "..."} text shown under the form; empty when all are defaults. */
    public String commandLine() {
        return commandLine.getText();
    }

    @Override
    public void setEnabled(boolean enabled) {
        super.setEnabled(enabled);
        for (Field f : shown) {
            f.editor.setEnabled(enabled);
            f.label.setEnabled(enabled);
        }
        reset.setEnabled(enabled && !shown.isEmpty());
    }

    /** Called on the EDT after every change of a value, of validity, or of the specs. */
    public void addChangeListener(ChangeListener l) {
        listeners.add(l);
    }

    public void removeChangeListener(ChangeListener l) {
        listeners.remove(l);
    }

    private Field field(String name) {
        return shown.stream().filter(f -> f.spec.name().equals(name)).findFirst().orElseThrow();
    }

    private void changed() {
        if (quiet) {
            return;
        }
        ModelArguments v = values();
        commandLine.setText(v.values().isEmpty() ? "" : "--model_arguments \"" + v + "\"");
        ChangeEvent ev = new ChangeEvent(this);
        for (ChangeListener l : List.copyOf(listeners)) {
            l.stateChanged(ev);
        }
    }

    @Override
    public java.awt.Dimension getPreferredScrollableViewportSize() {
        return getPreferredSize();
    }

    @Override
    public int getScrollableUnitIncrement(java.awt.Rectangle r, int orientation, int direction) {
        return 16;
    }

    @Override
    public int getScrollableBlockIncrement(java.awt.Rectangle r, int orientation, int direction) {
        return orientation == javax.swing.SwingConstants.VERTICAL ? r.height : r.width;
    }

    /** Follows the width of a scroll pane, so long messages wrap instead of widening the form. */
    @Override
    public boolean getScrollableTracksViewportWidth() {
        return true;
    }

    @Override
    public boolean getScrollableTracksViewportHeight() {
        return getParent() instanceof javax.swing.JViewport v && v.getHeight() > getPreferredSize().height;
    }

    static Color errorColor() {
        Color c = UIManager.getColor("Component.error.focusedBorderColor");
        return c != null ? c : new Color(0xD0, 0x2F, 0x2F);
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** One argument: its label, editor and message line. */
    private final class Field {
        final ArgumentSpec spec;
        final JLabel label;
        final JComponent editor;
        final javax.swing.JTextArea message = new WrappingText("");
        String error;

        Field(ArgumentSpec spec) {
            this.spec = spec;
            String name = "args." + spec.name();
            label = new JLabel(spec.info().displayName() + (spec.info().required() ? " *" : "") + ":");
            label.setName(name + ".label");
            editor = editorFor(spec);
            editor.setName(name);
            label.setLabelFor(editor);
            String tip = "<html><b>" + html(spec.info().displayName()) + "</b> (" + html(spec.name()) + ")"
                    + (spec.info().description().isEmpty() ? "" : "<br>" + html(spec.info().description()))
                    + "<br>Expected: " + html(spec.expected())
                    + "<br>Default: " + (spec.defaultText() == null ? "none" : html(spec.defaultText()))
                    + (spec.info().required() ? "<br><i>Required</i>" : "") + "</html>";
            label.setToolTipText(tip);
            editor.setToolTipText(tip);
            if (editor instanceof JSpinner sp) {
                ((JSpinner.DefaultEditor) sp.getEditor()).getTextField().setToolTipText(tip);
            }
            message.setName(name + ".message");
            message.setFocusable(false);
            message.setForeground(errorColor());
            message.setVisible(false);
            reset();
            listen();
        }

        private JComponent editorFor(ArgumentSpec s) {
            if (s instanceof IntegerSpec i && i.defaultValue() != null) {
                return spinner(new SpinnerNumberModel(i.defaultValue(),
                        i.min() == null ? null : Integer.valueOf(Math.min(i.min(), i.defaultValue())),
                        i.max() == null ? null : Integer.valueOf(Math.max(i.max(), i.defaultValue())),
                        Integer.valueOf(1)), "0");
            }
            if (s instanceof NumberSpec n && n.defaultValue() != null) {
                return spinner(new SpinnerNumberModel(n.defaultValue(),
                        n.min() == null ? null : Double.valueOf(Math.min(n.min(), n.defaultValue())),
                        n.max() == null ? null : Double.valueOf(Math.max(n.max(), n.defaultValue())),
                        Double.valueOf(step(n))), "0.######");
            }
            if (s instanceof ChoiceSpec ch) {
                JComboBox<String> box = new JComboBox<>(ch.choices().toArray(String[]::new));
                if (ch.defaultValue() != null && !ch.choices().contains(ch.defaultValue())) {
                    box.addItem(ch.defaultValue());
                }
                return box;
            }
            if (s instanceof BooleanSpec) {
                return new JCheckBox();
            }
            return new JTextField(12);
        }

        private static double step(NumberSpec n) {
            if (n.min() != null && n.max() != null && n.max() - n.min() <= 1) {
                return 0.05;
            }
            return 1;
        }

        private JSpinner spinner(SpinnerNumberModel model, String pattern) {
            JSpinner sp = new JSpinner(model);
            sp.setLocale(Locale.ROOT);
            JSpinner.NumberEditor ed = new JSpinner.NumberEditor(sp, pattern);
            DecimalFormat f = ed.getFormat();
            f.setDecimalFormatSymbols(DecimalFormatSymbols.getInstance(Locale.ROOT));
            f.setGroupingUsed(false);
            ed.getTextField().setColumns(8);
            // keep what the user typed when it is invalid (flagged) instead of silently reverting it
            ed.getTextField().setFocusLostBehavior(JFormattedTextField.COMMIT);
            ed.getTextField().setHorizontalAlignment(JTextField.LEADING);
            sp.setEditor(ed);
            return sp;
        }

        private JTextComponent textOf() {
            if (editor instanceof JSpinner sp) {
                return ((JSpinner.DefaultEditor) sp.getEditor()).getTextField();
            }
            return editor instanceof JTextField t ? t : null;
        }

        private void listen() {
            JTextComponent t = textOf();
            if (t != null) {
                t.getDocument().addDocumentListener(new DocumentListener() {
                    public void insertUpdate(DocumentEvent e) {
                        edited();
                    }

                    public void removeUpdate(DocumentEvent e) {
                        edited();
                    }

                    public void changedUpdate(DocumentEvent e) {
                        edited();
                    }
                });
            } else if (editor instanceof JComboBox<?> box) {
                box.addActionListener(e -> edited());
            } else if (editor instanceof JCheckBox cb) {
                cb.addItemListener(e -> edited());
            }
        }

        /** The current value as text (what the user typed, or the selection). */
        String text() {
            JTextComponent t = textOf();
            if (t != null) {
                return t.getText().trim();
            }
            if (editor instanceof JComboBox<?> box) {
                return Objects.toString(box.getSelectedItem(), "");
            }
            if (editor instanceof JCheckBox cb) {
                return cb.isSelected() ? "True" : "False";
            }
            return "";
        }

        boolean isDefault() {
            String t = text();
            String d = spec.defaultText();
            if (d == null) {
                return t.isEmpty() || spec instanceof BooleanSpec && t.equals("False");
            }
            try {
                return Objects.equals(spec.parse(t), spec.parse(d));
            } catch (RuntimeException e) {
                return t.equals(d);
            }
        }

        void reset() {
            set(spec.defaultText());
        }

        void set(String value) {
            JTextComponent t = textOf();
            if (t != null) {
                t.setText(value == null ? "" : value);
                if (editor instanceof JSpinner sp && spec.validate(t.getText()) == null) {
                    // keep the spinner model in step so its arrows continue from this value
                    try {
                        ((JFormattedTextField) t).commitEdit();
                    } catch (java.text.ParseException | IllegalArgumentException ignored) {
                        // validated above; the model keeps its value
                    }
                }
            } else if (editor instanceof JComboBox<?> box && spec instanceof ChoiceSpec ch) {
                String v = value == null ? null : ch.choices().stream().filter(x -> x.equalsIgnoreCase(value.trim()))
                        .findFirst().orElse(null);
                if (v == null && value != null) {
                    @SuppressWarnings("unchecked")
                    JComboBox<String> b = (JComboBox<String>) box;
                    b.addItem(value);
                    v = value;
                }
                box.setSelectedItem(v);
            } else if (editor instanceof JCheckBox cb) {
                String err = value == null ? null : spec.validate(value);
                cb.setSelected(value != null && err == null && Boolean.TRUE.equals(spec.parse(value)));
            }
            edited();
        }

        private void edited() {
            String t = text();
            String err = t.isEmpty() && !spec.info().required() && !(spec instanceof TextSpec) && spec.defaultText() == null
                    ? null : spec.validate(t);
            if (spec instanceof TextSpec && !spec.info().required()) {
                err = null;
            }
            error = err;
            JComponent outlined = editor;
            outlined.putClientProperty("JComponent.outline", err == null ? null : "error");
            message.setText(err == null ? "" : err);
            message.setVisible(err != null);
            changed();
        }
    }
}
