package org.deepraster.toolbox.form;

import java.awt.BorderLayout;
import java.awt.Dimension;
import java.util.List;
import javax.swing.BorderFactory;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.UIManager;
import org.deepraster.model.ModelArguments;
import org.deepraster.util.UserException;

/**
 * The model part of a tool dialog, ready to embed: the {@link ModelPicker} on top, the
 * {@link ModelInfoPanel} on the left and the generated {@link ArgumentForm} on the right. Each load
 * shows the model's description and rebuilds the form from its arguments; the form of a refused
 * model is shown disabled (so its arguments can still be read). Create and use on the EDT only.
 */
public final class ModelPanel extends JPanel {

    private static final String NO_MODEL = "Choose a model to see its arguments.";

    private final ModelPicker picker = new ModelPicker();
    private final ModelInfoPanel info = new ModelInfoPanel();
    private final ArgumentForm form = new ArgumentForm();
    /** Model arguments the tool's own widgets stand for (not shown in the form). */
    private java.util.Set<String> omitted = java.util.Set.of();

    public ModelPanel() {
        super(new BorderLayout(0, 8));
        setName("model.panel");
        JPanel args = new JPanel(new BorderLayout(0, 4));
        JLabel title = new JLabel("Arguments");
        java.awt.Font h = UIManager.getFont("h4.font");
        if (h != null) {
            title.setFont(h);
        }
        args.add(title, BorderLayout.NORTH);
        JScrollPane formScroll = new JScrollPane(form);
        formScroll.setName("args.scroll");
        formScroll.setBorder(BorderFactory.createEmptyBorder(0, 0, 0, 4));
        formScroll.getVerticalScrollBar().setUnitIncrement(16);
        args.add(formScroll, BorderLayout.CENTER);
        args.setMinimumSize(new Dimension(300, 180)); // below this the form scrolls rather than squeezing the arguments
        JPanel infoSide = new JPanel(new BorderLayout(0, 4));
        JLabel infoTitle = new JLabel("Model");
        if (h != null) {
            infoTitle.setFont(h);
        }
        infoSide.add(infoTitle, BorderLayout.NORTH);
        infoSide.add(info, BorderLayout.CENTER);
        infoSide.setMinimumSize(new Dimension(300, 180));
        JSplitPane split = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, infoSide, args);
        split.setName("model.split");
        split.setResizeWeight(0.55);
        split.setBorder(null);
        add(picker, BorderLayout.NORTH);
        add(split, BorderLayout.CENTER);
        form.setEmptyText(NO_MODEL);
        picker.addModelListener(m -> {
            info.setDescription(m.description());
            form.setEmptyText(m.description() == null ? NO_MODEL : "This model has no arguments to set.");
            form.setSpecs(m.arguments().stream().filter(a -> !omitted.contains(a.name())).toList());
            form.setEnabled(m.runnable());
        });
    }

    /**
     * Leaves these model arguments out of the form, for a tool that shows them with a widget of its own
     * (Classify Pixels' confidence raster box stands for {@code return_probability_raster}); call before a
     * model loads. The arguments stay for the command line and job files.
     */
    public void omit(java.util.Set<String> names) {
        omitted = java.util.Set.copyOf(names);
    }

    public ModelPicker picker() {
        return picker;
    }

    public ModelInfoPanel info() {
        return info;
    }

    public ArgumentForm form() {
        return form;
    }

    /** Enables (idle) or disables (a run is going) the panel; the arguments only for a model that can run. */
    public void setIdle(boolean idle) {
        setEnabled(idle);
        form.setEnabled(idle && picker.loaded() != null && picker.loaded().runnable());
    }

    /** The model loaded and runnable, with valid arguments. */
    public boolean isReady() {
        return picker.loaded() != null && picker.loaded().runnable() && !picker.isLoading() && form.isInputValid();
    }

    /** The arguments that differ from the model's defaults (see {@link ArgumentForm#values()}). */
    public ModelArguments arguments() {
        return form.values();
    }

    /**
     * The model's source for a tool's parameters record (what {@code --in_model_definition} takes);
     * a {@link UserException} when no model is chosen, it cannot run here, or an argument is not valid.
     */
    public String checkedSource() {
        LoadedModel m = picker.loaded();
        if (m == null) {
            throw new UserException("No model chosen.", "Choose an .emd, .dlpk or .onnx file in Model definition.");
        }
        if (!m.runnable()) {
            throw new UserException("The model cannot run here.", m.refusal());
        }
        if (!form.isInputValid()) {
            throw new UserException("Some model arguments are not valid: " + String.join("; ", form.errors()),
                    "Correct the arguments marked in red.");
        }
        return m.source();
    }

    /** Fills the form from ArcGIS's string form; returns what could not be applied. */
    public List<String> setArguments(String arcgisText) {
        return form.setValues(arcgisText);
    }
}
