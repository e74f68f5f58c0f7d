package org.deepraster.toolbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.swing.JDialog;
import javax.swing.JOptionPane;
import org.deepraster.toolbox.ToolRunner.Existing;

/**
 * The two questions {@link ToolRunner} asks over its dialog: what to do with an output that exists
 * (named {@code <prefix>.exists}) and what becomes of a run going on when the dialog is closed
 * (named {@code <prefix>.closing}). Modal; EDT only.
 */
final class RunQuestions {
    /** What closing the dialog does while a run is going. */
    enum Closing { BACKGROUND, CANCEL_RUN, KEEP_OPEN }

    private final JDialog dialog;
    private final String prefix;

    RunQuestions(JDialog dialog, String prefix) {
        this.dialog = dialog;
        this.prefix = prefix;
    }

    /** Asks what to do with an output that exists, offering {@code choices} (with what each means) and Cancel. */
    Existing askExisting(Path out, Map<Existing, String> choices) {
        List<String> options = new ArrayList<>();
        StringBuilder text = new StringBuilder(Files.isDirectory(out) ? "The output folder " + out + " is not empty.\n"
                : "The output " + out + " already exists.\n");
        choices.forEach((choice, meaning) -> {
            String name = label(choice);
            options.add(name);
            text.append('\n').append(name).append(": ").append(meaning);
        });
        options.add("Cancel");
        JOptionPane pane = new JOptionPane(text.toString(), JOptionPane.QUESTION_MESSAGE, JOptionPane.DEFAULT_OPTION,
                null, options.toArray(), "Cancel");
        JDialog d = pane.createDialog(dialog, "Output exists");
        d.setName(prefix + ".exists");
        d.setVisible(true);
        d.dispose();
        Object v = pane.getValue();
        for (Existing e : choices.keySet()) {
            if (label(e).equals(v)) {
                return e;
            }
        }
        return Existing.CANCEL;
    }

    private static String label(Existing e) {
        return e.name().charAt(0) + e.name().substring(1).toLowerCase(Locale.ROOT);
    }

    /** Asks what becomes of the run in progress when the dialog closes. */
    Closing askClosing() {
        Object[] options = {"Run in background", "Cancel run", "Keep open"};
        JOptionPane pane = new JOptionPane("A run is in progress.\n\n"
                + "Run in background: close this window; the run goes on (the status bar shows it and can cancel it)\n"
                + "and its results keep appearing on the map.\n"
                + "Cancel run: stop it after the batch in flight (the output keeps what is finished) and close.",
                JOptionPane.QUESTION_MESSAGE, JOptionPane.DEFAULT_OPTION, null, options, options[0]);
        JDialog d = pane.createDialog(dialog, "Close " + dialog.getTitle());
        d.setName(prefix + ".closing");
        d.setVisible(true);
        d.dispose();
        Object v = pane.getValue();
        return options[0].equals(v) ? Closing.BACKGROUND : options[1].equals(v) ? Closing.CANCEL_RUN : Closing.KEEP_OPEN;
    }
}
