package org.deepraster.viewer;

import java.awt.Desktop;
import java.awt.Window;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Logger;
import javax.swing.JDialog;
import javax.swing.JOptionPane;
import org.deepraster.plugin.Notifier;
import org.deepraster.util.CancelledException;
import org.deepraster.util.Log;
import org.deepraster.util.UserException;

/**
 * Messages for the user, from any thread. Info and warnings go to the status bar and the
 * message history; errors also open a non-modal dialog showing the message and hint of a
 * {@link UserException} (never a stack trace). Every error is logged ({@link Log#failure}: with its
 * stack trace, once however many places report it); the text of an unexpected one (not a
 * {@link UserException}) says where the log is, and its dialog offers to open the log's folder.
 */
public final class NotificationCenter implements Notifier {
    private static final Logger LOG = Log.logger(NotificationCenter.class);
    /** The dialog's button that opens the log folder. */
    static final String OPEN_LOG_FOLDER = "Open log folder";
    /** A message as shown in the history. */
    public record Message(LocalTime time, Level level, String text) {
        @Override
        public String toString() {
            return time.format(DateTimeFormatter.ofPattern("HH:mm:ss")) + " " + level + ": " + text;
        }
    }

    public enum Level { INFO, WARNING, ERROR }

    private final List<Message> history = new CopyOnWriteArrayList<>();
    private final List<Consumer<Message>> listeners = new CopyOnWriteArrayList<>();
    private volatile Window owner;
    private volatile boolean dialogs = true;

    /** The window that owns error dialogs (null: none, messages only); set on the EDT. */
    public void setOwner(Window owner) {
        this.owner = owner;
    }

    /** Whether errors open a dialog (off for headless use). */
    public void setDialogs(boolean dialogs) {
        this.dialogs = dialogs;
    }

    /** Called on the EDT with each new message. */
    public void addListener(Consumer<Message> l) {
        listeners.add(l);
    }

    public List<Message> history() {
        return new ArrayList<>(history);
    }

    @Override
    public void info(String message) {
        post(Level.INFO, message);
    }

    @Override
    public void warning(String message) {
        post(Level.WARNING, message);
    }

    @Override
    public void error(String message, Throwable cause) {
        Throwable t = cause == null ? null : TaskManager.unwrap(cause);
        if (t == null) {
            LOG.warning(message);
        } else {
            Log.failure(LOG, message, t);
        }
        String text = textOf(message, cause);
        post(Level.ERROR, text.replace('\n', ' '));
        if (dialogs) {
            boolean offerLog = unexpected(t) && Log.folder().isPresent();
            Edt.run(() -> showDialog(text, offerLog));
        }
    }

    /** A failure that is neither the user's to fix nor a cancellation: its details are in the log. */
    private static boolean unexpected(Throwable t) {
        return t != null && !(t instanceof UserException) && !(t instanceof CancelledException);
    }

    /**
     * The text a user sees for an error: the message, and the user message of a UserException; for
     * an unexpected failure, its message and where the log is.
     */
    static String textOf(String message, Throwable cause) {
        Throwable t = cause == null ? null : TaskManager.unwrap(cause);
        if (t instanceof UserException ue) {
            return message == null || message.isBlank() ? ue.userMessage() : message + "\n" + ue.userMessage();
        }
        String text;
        if (t != null && t.getMessage() != null && (message == null || !message.contains(t.getMessage()))) {
            text = (message == null ? "" : message + "\n") + t.getMessage();
        } else {
            text = message == null ? String.valueOf(t) : message;
        }
        return unexpected(t) ? text + "\n" + Log.where() : text;
    }

    private void showDialog(String text, boolean offerLog) {
        if (owner == null || java.awt.GraphicsEnvironment.isHeadless()) {
            return;
        }
        JOptionPane pane = new JOptionPane(wrap(text), JOptionPane.ERROR_MESSAGE);
        if (offerLog && Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.OPEN)) {
            pane.setOptions(new Object[] {"OK", OPEN_LOG_FOLDER});
            pane.setInitialValue("OK");
            pane.addPropertyChangeListener(JOptionPane.VALUE_PROPERTY, e -> {
                if (OPEN_LOG_FOLDER.equals(e.getNewValue())) {
                    Log.folder().ifPresent(NotificationCenter::openFolder);
                }
            });
        }
        JDialog d = pane.createDialog(owner, "DeepRaster");
        d.setName("errorDialog");
        d.setModal(false);
        d.setVisible(true);
    }

    /** Opens a folder in the desktop's file manager, off the EDT (it may block). */
    private static void openFolder(Path folder) {
        Thread t = new Thread(() -> {
            try {
                Desktop.getDesktop().open(folder.toFile());
            } catch (IOException | RuntimeException e) {
                LOG.log(java.util.logging.Level.WARNING, "Cannot open the log folder " + folder, e);
            }
        }, "open-log-folder");
        t.setDaemon(true);
        t.start();
    }

    private static String wrap(String text) {
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\n")) {
            int col = 0;
            for (String w : line.split(" ")) {
                if (col > 0 && col + w.length() > 90) {
                    b.append('\n');
                    col = 0;
                } else if (col > 0) {
                    b.append(' ');
                    col++;
                }
                b.append(w);
                col += w.length();
            }
            b.append('\n');
        }
        return b.toString().trim();
    }

    private void post(Level level, String text) {
        Message m = new Message(LocalTime.now(), level, text);
        history.add(m);
        Edt.run(() -> listeners.forEach(l -> l.accept(m)));
    }
}
