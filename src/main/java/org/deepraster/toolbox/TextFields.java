package org.deepraster.toolbox;

import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;
import javax.swing.text.JTextComponent;
import org.deepraster.util.UserException;

/** Text fields of the tool dialogs: following their edits, and reading a field name from one. EDT only. */
public final class TextFields {

    private TextFields() {
    }

    /** Runs {@code action} on every edit (insert, remove, attribute change) of each field. */
    public static void onChange(Runnable action, JTextComponent... fields) {
        DocumentListener l = new DocumentListener() {
            @Override
            public void insertUpdate(DocumentEvent e) {
                action.run();
            }

            @Override
            public void removeUpdate(DocumentEvent e) {
                action.run();
            }

            @Override
            public void changedUpdate(DocumentEvent e) {
                action.run();
            }
        };
        for (JTextComponent f : fields) {
            f.getDocument().addDocumentListener(l);
        }
    }

    /**
     * The trimmed text of a field that names an attribute field ("" allowed); a {@link UserException}
     * ("The {@code what} field '…' is not a valid field name.") with {@code hint} when it is not one.
     */
    public static String fieldName(JTextComponent f, String what, String hint) {
        String name = f.getText().trim();
        if (!name.isEmpty() && !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new UserException("The " + what + " field '" + name + "' is not a valid field name.", hint);
        }
        return name;
    }
}
