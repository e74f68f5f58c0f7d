package org.deepraster.viewer;

import java.awt.BorderLayout;
import java.awt.Window;
import java.util.Map;
import javax.swing.JDialog;
import javax.swing.JLabel;
import javax.swing.JScrollPane;
import javax.swing.JTable;
import javax.swing.table.DefaultTableModel;

/** A non-modal window listing the attributes of an identified feature or the values of a pixel. EDT only. */
final class IdentifyDialog extends JDialog {
    private final JLabel title = new JLabel();
    private final DefaultTableModel model = new DefaultTableModel(new Object[] {"Field", "Value"}, 0) {
        @Override
        public boolean isCellEditable(int row, int column) {
            return false;
        }
    };

    IdentifyDialog(Window owner) {
        super(owner, "Identify", ModalityType.MODELESS);
        setName("identifyDialog");
        JTable table = new JTable(model);
        table.setName("identifyTable");
        title.setName("identifyTitle");
        title.setBorder(javax.swing.BorderFactory.createEmptyBorder(6, 6, 6, 6));
        getContentPane().add(title, BorderLayout.NORTH);
        getContentPane().add(new JScrollPane(table), BorderLayout.CENTER);
        setSize(360, 300);
        setLocationRelativeTo(owner);
        setDefaultCloseOperation(HIDE_ON_CLOSE);
    }

    void show(String heading, Map<String, Object> values) {
        title.setText(heading);
        model.setRowCount(0);
        values.forEach((k, v) -> model.addRow(new Object[] {k, v == null ? "" : String.valueOf(v)}));
        if (!isVisible()) {
            setVisible(true);
        }
        toFront();
    }
}
