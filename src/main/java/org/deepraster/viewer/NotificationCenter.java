package org.deepraster.viewer;

import java.awt.Window;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.swing.JDialog;
import javax.swing.JOptionPane;
import org.deepraster.plugin.Notifier;
import org.deepraster.util.UserException;

/**
 * Messages for the user, from any thread. Info and warnings go to the status bar and the
 * message history; errors also open a non-modal dialog showing the message and hint of a
 * {@link UserException} (never a stack trace; unexpected errors are printed to stderr).
 */
public final class NotificationCenter implements Notifier {
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
        String text = textOf(message, cause);
        post(Level.ERROR, text.replace('\n', ' '));
        if (cause != null && !(cause instanceof UserException)) {
            System.err.println("DeepRaster: " + message);
            cause.printStackTrace();
        }
        if (dialogs) {
            Edt.run(() -> showDialog(text));
        }
    }

    /** The text a user sees for an error: the message, and the user message of a UserException. */
    static String textOf(String message, Throwable cause) {
        Throwable t = cause == null ? null : TaskManager.unwrap(cause);
        if (t instanceof UserException ue) {
            return message == null || message.isBlank() ? ue.userMessage() : message + "\n" + ue.userMessage();
        }
        if (t != null && t.getMessage() != null && (message == null || !message.contains(t.getMessage()))) {
            return (message == null ? "" : message + "\n") + t.getMessage();
        }
        return message == null ? String.valueOf(t) : message;
    }

    private void showDialog(String text) {
        if (owner == null || java.awt.GraphicsEnvironment.isHeadless()) {
            return;
        }
        JOptionPane pane = new JOptionPane(wrap(text), JOptionPane.ERROR_MESSAGE);
        JDialog d = pane.createDialog(owner, "DeepRaster");
        d.setName("errorDialog");
        d.setModal(false);
        d.setVisible(true);
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
