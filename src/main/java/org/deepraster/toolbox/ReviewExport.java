package org.deepraster.toolbox;

import java.awt.Component;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javax.swing.JFileChooser;
import javax.swing.JOptionPane;
import javax.swing.SwingUtilities;
import org.deepraster.feature.WriteMode;
import org.deepraster.plugin.PluginContext;
import org.deepraster.util.UserException;

/**
 * The review panel's export of accepted features (relabels applied) to a new file: asks where
 * (and whether to replace a file there), writes in the background and says how it went in the
 * panel's message line and a notification. Called on the EDT; the message is given on the EDT.
 */
final class ReviewExport {
    private final PluginContext context;
    private final Component parent;
    private final Consumer<String> message;

    ReviewExport(PluginContext context, Component parent, Consumer<String> message) {
        this.context = context;
        this.parent = parent;
        this.message = message;
    }

    /** Asks for the file (a GeoPackage next to the results by default), then exports to it. */
    void askAndExport(ReviewModel m) {
        long accepted = m.counts().values().stream().mapToLong(c -> c.accepted() + c.relabelled()).sum();
        if (accepted == 0) {
            message.accept("No feature is accepted yet; nothing to export.");
            return;
        }
        JFileChooser fc = new JFileChooser(m.file().toAbsolutePath().getParent().toFile());
        fc.setName("review.exportChooser");
        fc.setDialogTitle("Export accepted features");
        fc.setSelectedFile(m.file().resolveSibling(m.table() + "_accepted.gpkg").toFile());
        if (fc.showSaveDialog(parent) != JFileChooser.APPROVE_OPTION) {
            return;
        }
        Path out = fc.getSelectedFile().toPath();
        if (!out.getFileName().toString().contains(".")) {
            out = out.resolveSibling(out.getFileName() + ".gpkg");
        }
        WriteMode mode = WriteMode.CREATE;
        if (Files.exists(out)) {
            int answer = JOptionPane.showConfirmDialog(parent, out.getFileName() + " exists. Replace it?",
                    "Export accepted features", JOptionPane.OK_CANCEL_OPTION, JOptionPane.WARNING_MESSAGE);
            if (answer != JOptionPane.OK_OPTION) {
                return;
            }
            mode = WriteMode.OVERWRITE;
        }
        exportTo(m, out, mode);
    }

    /** Writes the accepted features to {@code out} in the background; the future completes with the count. */
    CompletableFuture<Long> exportTo(ReviewModel m, Path out, WriteMode mode) {
        message.accept("Exporting accepted features to " + out.getFileName() + "…");
        CompletableFuture<Long> done = context.tasks()
                .submit("Exporting accepted features", p -> m.exportAccepted(out, mode)).result();
        done.whenComplete((n, err) -> SwingUtilities.invokeLater(() -> {
            if (err != null) {
                Throwable t = err.getCause() != null && !(err instanceof UserException) ? err.getCause() : err;
                message.accept(t instanceof UserException u ? u.getMessage() + " " + u.hint() : "Export failed: " + t);
            } else {
                message.accept("Exported " + n + " accepted features to " + out + ".");
                context.notifications().info("Exported " + n + " accepted features to " + out);
            }
        }));
        return done;
    }
}
