package org.deepraster.toolbox.form;

import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Window;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JDialog;
import javax.swing.JFileChooser;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.JScrollPane;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.SwingUtilities;
import javax.swing.SwingWorker;
import javax.swing.filechooser.FileNameExtensionFilter;
import org.deepraster.model.ModelDefinitions;

/**
 * Picks a model: an editable combo of paths (Enter loads what is typed; recent models are listed),
 * "Browse…" (a file chooser for .emd, .dlpk and .onnx) and "Paste JSON…" (a dialog with a text area
 * for an Esri model definition as text). Loading runs off the EDT ({@link SwingWorker}) with a busy
 * bar; a newer load makes an older one obsolete. A model that cannot run here is refused at once:
 * the reason and what to do are shown in red under the picker, while the listeners still get what
 * could be read (see {@link LoadedModel}). Create and use on the EDT only.
 */
public final class ModelPicker extends JPanel {

    private final JComboBox<String> path = new JComboBox<>();
    private final JButton browse = new JButton("Browse…");
    private final JButton paste = new JButton("Paste JSON…");
    private final JProgressBar busy = new JProgressBar();
    private final JTextArea message = new WrappingText("");
    private final List<Consumer<LoadedModel>> listeners = new ArrayList<>();
    private ModelDefinitions.Options options = ModelDefinitions.Options.strict();
    private File lastFolder;
    private LoadedModel loaded;
    private SwingWorker<LoadedModel, Void> worker;
    private int generation;
    private String toolId;
    private java.util.function.Function<LoadedModel, String> fit = m -> null;

    public ModelPicker() {
        super(new BorderLayout(0, 4));
        setName("model.picker");
        path.setName("model.picker.path");
        path.setEditable(true);
        path.setPrototypeDisplayValue("x".repeat(40));
        path.getEditor().getEditorComponent().setName("model.picker.path.text");
        ((JTextField) path.getEditor().getEditorComponent()).putClientProperty("JTextField.placeholderText",
                ".emd, .dlpk or .onnx file, or model definition JSON");
        path.setToolTipText("An .emd file, a .dlpk package, an .onnx file or a model definition as JSON; Enter loads it");
        // the recent models, then the sample models: listed (before the listener), not loaded
        java.util.LinkedHashSet<String> offered = new java.util.LinkedHashSet<>(UserMemory.get().recentModels());
        offered.addAll(UserMemory.sampleModels());
        offered.forEach(path::addItem);
        path.setSelectedIndex(-1);
        path.getEditor().setItem("");
        path.addActionListener(e -> {
            Object item = path.getEditor().getItem();
            String text = item == null ? "" : item.toString().trim();
            boolean enter = "comboBoxEdited".equals(e.getActionCommand());
            boolean picked = "comboBoxChanged".equals(e.getActionCommand());
            if ((enter || picked) && !text.isEmpty() && (loaded == null || !text.equals(loaded.source()) || enter)
                    && !isLoading(text)) {
                load(text);
            }
        });
        browse.setName("model.picker.browse");
        browse.setToolTipText("Choose an .emd, .dlpk or .onnx file");
        browse.addActionListener(e -> browse());
        paste.setName("model.picker.paste");
        paste.setToolTipText("Paste a model definition (the JSON of an .emd)");
        paste.addActionListener(e -> pasteJson());
        busy.setName("model.picker.busy");
        busy.setIndeterminate(true);
        busy.setVisible(false);
        busy.setPreferredSize(new Dimension(60, 6));
        busy.setString("Loading the model…");
        message.setName("model.picker.message");
        message.setVisible(false);

        JLabel label = new JLabel("Model definition:");
        label.setLabelFor(path);
        label.setDisplayedMnemonic('M');
        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.LEADING, 4, 0));
        buttons.setOpaque(false);
        buttons.add(browse);
        buttons.add(paste);
        JPanel line = new JPanel(new BorderLayout(6, 0));
        line.setOpaque(false);
        line.add(label, BorderLayout.WEST);
        line.add(path, BorderLayout.CENTER);
        line.add(buttons, BorderLayout.EAST);
        JPanel below = new JPanel(new BorderLayout(0, 2));
        below.setOpaque(false);
        below.add(busy, BorderLayout.NORTH);
        below.add(message, BorderLayout.CENTER);
        add(line, BorderLayout.NORTH);
        add(below, BorderLayout.CENTER);
    }

    /**
     * The tool's check of a model that loads ({@link ModelFit}): a model it refuses is shown as one
     * that cannot run here, with the reason, as soon as it loads.
     */
    public void setFit(java.util.function.Function<LoadedModel, String> fit) {
        this.fit = fit == null ? m -> null : fit;
    }

    /**
     * Makes this picker remember the model of a tool: it loads the model the tool last ran with (if
     * the field is empty and the file is still there) and remembers each model that loads and can run.
     */
    public void rememberFor(String toolId) {
        this.toolId = toolId;
        String typed = path.getEditor().getItem() == null ? "" : path.getEditor().getItem().toString().trim();
        if (typed.isEmpty() && loaded == null && !isLoading()) {
            UserMemory.get().lastModel(toolId).ifPresent(this::load);
        }
    }

    /** Loader options (e.g. the .dlpk cache folder); always loaded strictly, inspect mode only to describe. */
    public void setOptions(ModelDefinitions.Options strict) {
        options = strict;
    }

    /** The last finished load, or null. */
    public LoadedModel loaded() {
        return loaded;
    }

    public boolean isLoading() {
        return worker != null;
    }

    private boolean isLoading(String source) {
        return worker != null && path.getClientProperty("loading").equals(source);
    }

    /** The text shown under the picker (the refusal, "Loading…" or "Ready"). */
    public String message() {
        return message.isVisible() ? message.getText() : "";
    }

    /** Called on the EDT when a load finishes, runnable or refused (never for an obsolete load). */
    public void addModelListener(Consumer<LoadedModel> l) {
        listeners.add(l);
    }

    public void removeModelListener(Consumer<LoadedModel> l) {
        listeners.remove(l);
    }

    /** Loads a path or JSON text off the EDT; the listeners hear the outcome. */
    public void load(String pathOrJson) {
        String source = pathOrJson.trim();
        int gen = ++generation;
        if (worker != null) {
            worker.cancel(false);
        }
        if (!source.equals(path.getEditor().getItem())) {
            path.getEditor().setItem(source);
        }
        path.putClientProperty("loading", source);
        busy.setVisible(true);
        showMessage("Loading the model…", null);
        revalidate();
        ModelDefinitions.Options o = options;
        java.util.function.Function<LoadedModel, String> check = fit;
        worker = new SwingWorker<>() {
            @Override
            protected LoadedModel doInBackground() {
                LoadedModel m = LoadedModel.load(source, o);
                String misfit = m.runnable() ? check.apply(m) : null;
                return misfit == null ? m : new LoadedModel(m.source(), m.definition(), m.description(), misfit);
            }

            @Override
            protected void done() {
                if (gen != generation) {
                    return;
                }
                worker = null;
                busy.setVisible(false);
                LoadedModel m;
                try {
                    m = get();
                } catch (ExecutionException e) {
                    Throwable c = e.getCause() == null ? e : e.getCause();
                    m = new LoadedModel(source, null, null, "The model could not be loaded: " + c.getMessage());
                } catch (InterruptedException | java.util.concurrent.CancellationException e) {
                    return;
                }
                finished(m);
            }
        };
        worker.execute();
    }

    private void finished(LoadedModel m) {
        loaded = m;
        if (m.runnable()) {
            showMessage("Ready to run: " + m.definition().displayName(), ModelInfoPanel.successColor());
            remember(m.source());
            UserMemory.get().modelUsed(m.source());
            UserMemory.get().modelRun(toolId, m.source());
        } else {
            showMessage("This model cannot run here. " + m.refusal(), ArgumentForm.errorColor());
        }
        revalidate();
        repaint();
        for (Consumer<LoadedModel> l : List.copyOf(listeners)) {
            l.accept(m);
        }
    }

    private void remember(String source) {
        if (source.startsWith("{")) {
            return;
        }
        for (int i = 0; i < path.getItemCount(); i++) {
            if (path.getItemAt(i).equals(source)) {
                return;
            }
        }
        path.insertItemAt(source, 0);
        path.getEditor().setItem(source);
    }

    private void showMessage(String text, java.awt.Color color) {
        message.setText(text);
        message.setForeground(color != null ? color : javax.swing.UIManager.getColor("Label.disabledForeground"));
        message.setVisible(true);
    }

    private void browse() {
        JFileChooser fc = new JFileChooser(lastFolder != null ? lastFolder : UserMemory.get().folder("model"));
        fc.setName("model.picker.chooser");
        fc.setDialogTitle("Choose a model");
        FileNameExtensionFilter f = new FileNameExtensionFilter("Models (*.emd, *.dlpk, *.onnx)", "emd", "dlpk", "onnx");
        fc.addChoosableFileFilter(f);
        fc.setFileFilter(f);
        if (fc.showOpenDialog(this) == JFileChooser.APPROVE_OPTION && fc.getSelectedFile() != null) {
            lastFolder = fc.getSelectedFile().getParentFile();
            load(fc.getSelectedFile().getAbsolutePath());
        }
    }

    private void pasteJson() {
        Window owner = SwingUtilities.getWindowAncestor(this);
        JDialog d = new JDialog(owner, "Paste a model definition", java.awt.Dialog.ModalityType.APPLICATION_MODAL);
        d.setName("model.picker.pasteDialog");
        JTextArea area = new JTextArea(18, 60);
        area.setName("model.picker.paste.text");
        area.setFont(new java.awt.Font(java.awt.Font.MONOSPACED, java.awt.Font.PLAIN, area.getFont().getSize()));
        String current = path.getEditor().getItem() == null ? "" : path.getEditor().getItem().toString().trim();
        if (current.startsWith("{")) {
            area.setText(current);
        }
        JButton ok = new JButton("Load");
        ok.setName("model.picker.paste.ok");
        JButton cancel = new JButton("Cancel");
        cancel.setName("model.picker.paste.cancel");
        ok.addActionListener(e -> {
            String text = area.getText().trim();
            d.dispose();
            if (!text.isEmpty()) {
                load(text);
            }
        });
        cancel.addActionListener(e -> d.dispose());
        JLabel hint = new JLabel("The JSON of an Esri model definition (.emd); ModelFile relative paths are read from the current folder.");
        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.TRAILING, 6, 0));
        buttons.add(cancel);
        buttons.add(ok);
        JPanel c = new JPanel(new BorderLayout(0, 8));
        c.setBorder(BorderFactory.createEmptyBorder(10, 12, 10, 12));
        c.add(hint, BorderLayout.NORTH);
        c.add(new JScrollPane(area), BorderLayout.CENTER);
        c.add(buttons, BorderLayout.SOUTH);
        d.setContentPane(c);
        d.getRootPane().setDefaultButton(null);
        d.pack();
        d.setLocationRelativeTo(owner);
        d.setVisible(true);
    }
}
