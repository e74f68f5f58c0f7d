package org.deepraster.toolbox;

import java.awt.GridBagLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JFileChooser;
import javax.swing.JPanel;
import javax.swing.JTextField;
import javax.swing.border.TitledBorder;
import org.deepraster.plugin.LayerInfo;
import org.deepraster.tool.Parameter;
import org.deepraster.tool.ParameterValues;
import org.deepraster.tool.ToolSpec;

/**
 * The part of a tool dialog's form that comes straight from the tool's declarations: a widget for every declared
 * {@link Parameter} the dialog does not show with a widget of its own (a check box for a flag, a combo for a choice,
 * a text field — with Browse… for files — for the rest), labelled and explained by the declaration, in sections by
 * group. A parameter added to a tool's declaration therefore appears in its dialog, and in the dialog's command-line
 * preview and saved job, without dialog code. The dialog's own widgets take their tooltips from the declarations too
 * ({@link #describe}). Component names: {@code <prefix>.param.<name>}. EDT only.
 */
public final class ParameterForm {
    private final String prefix;
    private final JPanel panel = new JPanel(new GridBagLayout());
    private final Map<String, JComponent> widgets = new LinkedHashMap<>();
    private final List<Runnable> listeners = new ArrayList<>();
    /** The types of the parameters that list the map's layers, and which of them are required. */
    private final Map<String, Parameter.Type> types = new java.util.HashMap<>();
    private final java.util.Set<String> required = new java.util.HashSet<>();

    /**
     * @param shownByDialog names of the parameters the dialog shows itself (or decides otherwise, e.g. overwrite
     *                      and resume through its Overwrite / Resume question)
     */
    public ParameterForm(String prefix, ToolSpec<?> tool, Set<String> shownByDialog) {
        this.prefix = prefix;
        panel.setName(prefix + ".parameters");
        FormRows rows = new FormRows(panel);
        for (Parameter p : tool.parameters()) {
            if (shownByDialog.contains(p.name())) {
                continue;
            }
            JComponent w = widget(p);
            w.setName(prefix + ".param." + p.name());
            describe(w, p);
            widgets.put(p.name(), w);
            if (p.type() == Parameter.Type.FLAG) {
                rows.full(w, 0);
            } else if (isFile(p)) {
                JButton browse = new JButton("Browse…");
                browse.setName(prefix + ".param." + p.name() + ".browse");
                browse.addActionListener(e -> browse(p, textOf(w)));
                rows.title(p.label(), w).line(w, browse);
            } else {
                rows.pair(p.label(), w);
            }
        }
        panel.setBorder(new TitledBorder("Other parameters"));
        panel.setVisible(!widgets.isEmpty());
    }

    /** Without the "Other parameters" frame: for a dialog whose whole form this is. */
    public ParameterForm untitled() {
        panel.setBorder(null);
        return this;
    }

    /**
     * The map's layers changed: the input rasters' and features' lists offer the files of the map's layers of that
     * kind (what was typed or browsed to stays). An empty required input gets the first of them.
     */
    public void layersChanged(List<LayerInfo> layers) {
        for (Map.Entry<String, JComponent> e : widgets.entrySet()) {
            if (!(e.getValue() instanceof JComboBox<?> c) || !c.isEditable()) {
                continue;
            }
            @SuppressWarnings("unchecked")
            JComboBox<String> combo = (JComboBox<String>) c;
            Parameter.Type type = types.get(e.getKey());
            String typed = textOf(combo).getText();
            List<String> files = new ArrayList<>();
            for (LayerInfo l : layers) {
                boolean fits = type == Parameter.Type.RASTER ? l.raster().isPresent() : l.features().isPresent();
                if (fits && l.path().isPresent() && !files.contains(l.path().get().toString())) {
                    files.add(l.path().get().toString());
                }
            }
            combo.setModel(new javax.swing.DefaultComboBoxModel<>(files.toArray(String[]::new)));
            boolean give = typed.isBlank() && required.contains(e.getKey()) && !files.isEmpty();
            textOf(combo).setText(give ? files.get(0) : typed);
        }
    }

    /** The tooltip of a dialog's widget for {@code p}: the declaration's help, choices, range and default. */
    public static void describe(JComponent c, Parameter p) {
        c.setToolTipText(p.helpLine().isEmpty() ? p.label() : p.helpLine() + " (" + p.option() + ")");
    }

    /** The tooltip of {@code c} from the declaration of {@code name} in {@code tool}. */
    public static void describe(JComponent c, ToolSpec<?> tool, String name) {
        describe(c, tool.newValues().parameter(name));
    }

    /** The declared label of {@code name}. */
    public static String label(ToolSpec<?> tool, String name) {
        return tool.newValues().parameter(name).label();
    }

    public JComponent component() {
        return panel;
    }

    /** Titles the form's box (default "Other parameters"). */
    public ParameterForm titled(String title) {
        panel.setBorder(new TitledBorder(title));
        return this;
    }

    /** Shows or hides the form (a form without widgets stays hidden); a hidden form's values are not put. */
    public void setShown(boolean shown) {
        panel.setVisible(shown && !widgets.isEmpty());
    }

    /** Whether the form is shown (its values count). */
    public boolean isShown() {
        return panel.isVisible();
    }



    /** Calls {@code r} whenever a value here changes. */
    public void addChangeListener(Runnable r) {
        listeners.add(r);
    }

    public void setEnabled(boolean enabled) {
        for (JComponent c : widgets.values()) {
            c.setEnabled(enabled);
        }
    }

    /** Puts this form's values into {@code v} (values equal to the defaults too; the preview leaves those out). */
    public ParameterValues put(ParameterValues v) {
        for (Map.Entry<String, JComponent> e : widgets.entrySet()) {
            String name = e.getKey();
            JComponent c = e.getValue();
            if (c instanceof JCheckBox b) {
                v.flag(name, b.isSelected());
            } else if (c instanceof JComboBox<?> combo && combo.isEditable()) {
                v.set(name, textOf(combo).getText().trim());
            } else if (c instanceof JComboBox<?> combo) {
                v.set(name, combo.getSelectedItem());
            } else {
                v.set(name, ((JTextField) c).getText().trim());
            }
        }
        return v;
    }


    private JComponent widget(Parameter p) {
        switch (p.type()) {
            case FLAG -> {
                JCheckBox b = new JCheckBox(p.label(), "true".equalsIgnoreCase(p.defaultValue()));
                b.addItemListener(e -> changed());
                return b;
            }
            case CHOICE -> {
                JComboBox<String> combo = new JComboBox<>(p.choices().toArray(String[]::new));
                combo.setSelectedItem(p.defaultValue());
                combo.addActionListener(e -> changed());
                return combo;
            }
            case RASTER, FEATURES -> {
                // the map's layers of that kind to pick from (layersChanged), or a file typed or browsed to
                JComboBox<String> combo = new JComboBox<>();
                combo.setEditable(true);
                combo.setPrototypeDisplayValue("x".repeat(40));
                JTextField t = textOf(combo);
                t.setText(p.defaultValue() == null ? "" : p.defaultValue());
                TextFields.onChange(this::changed, t);
                types.put(p.name(), p.type());
                if (p.required()) {
                    required.add(p.name());
                }
                return combo;
            }
            default -> {
                JTextField t = new JTextField(p.defaultValue() == null ? "" : p.defaultValue(), isFile(p) ? 30 : 14);
                TextFields.onChange(this::changed, t);
                return t;
            }
        }
    }

    /** The text field of a file parameter's widget (a text field, or the editor of a layer list). */
    private static JTextField textOf(JComponent c) {
        return c instanceof JComboBox<?> combo ? (JTextField) combo.getEditor().getEditorComponent() : (JTextField) c;
    }

    private static boolean isFile(Parameter p) {
        return switch (p.type()) {
            case RASTER, FEATURES, MODEL, INPUT_FILE, OUTPUT_FILE, OUTPUT_FOLDER -> true;
            default -> false;
        };
    }

    private void browse(Parameter p, JTextField field) {
        JFileChooser fc = new JFileChooser(field.getText().isBlank() ? null : Path.of(field.getText()).toFile());
        fc.setFileSelectionMode(p.type() == Parameter.Type.OUTPUT_FOLDER ? JFileChooser.DIRECTORIES_ONLY
                : p.type() == Parameter.Type.RASTER ? JFileChooser.FILES_AND_DIRECTORIES : JFileChooser.FILES_ONLY);
        boolean save = p.type() == Parameter.Type.OUTPUT_FILE;
        int r = save ? fc.showSaveDialog(panel) : fc.showOpenDialog(panel);
        if (r == JFileChooser.APPROVE_OPTION) {
            field.setText(fc.getSelectedFile().toString());
        }
    }

    private void changed() {
        for (Runnable r : List.copyOf(listeners)) {
            r.run();
        }
    }


    /** The names of several sets, for a dialog's list of the parameters it shows itself. */
    @SafeVarargs
    public static Set<String> union(Set<String>... sets) {
        java.util.Set<String> all = new java.util.HashSet<>();
        for (Set<String> s : sets) {
            all.addAll(s);
        }
        return Set.copyOf(all);
    }

    /** Names the dialog decides through its Overwrite / Resume question rather than a widget. */
    public static final Set<String> DECIDED_BY_THE_RUN = Set.of("overwrite", "resume");
}
