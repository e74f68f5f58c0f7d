package org.deepraster.toolbox;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.swing.JTable;
import javax.swing.table.AbstractTableModel;

/**
 * The review panel's list of classes: each with its check box (shown on the map and in the
 * feature table, or hidden), its number key, colour and counts (all, accepted, relabelled,
 * rejected, left). Ticking a box calls back the panel, which filters again. EDT only.
 */
final class ReviewClassList {
    private final Runnable shownChanged;
    // state first: the table model reads it while the table is built
    private ReviewModel model;
    private final Set<String> hidden = new LinkedHashSet<>();
    private final ClassTableModel tableModel = new ClassTableModel();
    private final JTable table = new JTable(tableModel);

    /** {@code shownChanged} runs each time a class is shown or hidden. */
    ReviewClassList(Runnable shownChanged) {
        this.shownChanged = shownChanged;
        table.setName("review.classes");
        table.setRowSelectionAllowed(false);
        table.setFillsViewportHeight(true);
        table.setDefaultRenderer(ClassCell.class, new ClassCell.Renderer());
        table.getColumnModel().getColumn(0).setMaxWidth(24);
        for (int c = 2; c < tableModel.getColumnCount(); c++) {
            table.getColumnModel().getColumn(c).setPreferredWidth(c == 2 || c == 6 ? 34 : 24);
        }
        table.getColumnModel().getColumn(1).setPreferredWidth(120);
        table.getTableHeader().setToolTipText("Total · ✓ accepted · ✎ relabelled · ✗ rejected · left to review");
        table.setToolTipText("Tick to show a class on the map and in the table; key n relabels to class n");
    }

    JTable table() {
        return table;
    }

    /** Lists the classes of a review (none for null), all shown. */
    void show(ReviewModel m) {
        model = m;
        hidden.clear();
        tableModel.fireTableDataChanged();
    }

    /** The classes of the review whose box is ticked, in the model's order. */
    Set<String> shownClasses() {
        Set<String> shown = new LinkedHashSet<>(model.classes());
        shown.removeAll(hidden);
        return shown;
    }

    /** Shows or hides a class (as its check box does). */
    void showClass(String cls, boolean show) {
        if (show) {
            hidden.remove(cls);
        } else {
            hidden.add(cls);
        }
        tableModel.fireTableDataChanged();
        shownChanged.run();
    }

    /** Draws the list again after a decision changed its counts. */
    void decided() {
        tableModel.fireTableDataChanged();
    }

    /** Draws the counts again. */
    void countsChanged() {
        tableModel.fireTableRowsUpdated(0, Math.max(0, tableModel.getRowCount() - 1));
    }

    private final class ClassTableModel extends AbstractTableModel {
        private final String[] names = {"", "Key · class", "All", "✓", "✎", "✗", "Left"};

        @Override
        public int getRowCount() {
            return model == null ? 0 : model.classes().size();
        }

        @Override
        public int getColumnCount() {
            return names.length;
        }

        @Override
        public String getColumnName(int c) {
            return names[c];
        }

        @Override
        public Class<?> getColumnClass(int c) {
            return switch (c) {
                case 0 -> Boolean.class;
                case 1 -> ClassCell.class;
                default -> Integer.class;
            };
        }

        @Override
        public boolean isCellEditable(int r, int c) {
            return c == 0;
        }

        @Override
        public Object getValueAt(int r, int c) {
            String cls = model.classes().get(r);
            ReviewModel.Counts n = model.counts().getOrDefault(cls, new ReviewModel.Counts(0, 0, 0, 0));
            List<String> keyed = model.keyedClasses();
            int key = keyed.indexOf(cls);
            return switch (c) {
                case 0 -> !hidden.contains(cls);
                case 1 -> new ClassCell((key >= 0 && key < 9 ? (key + 1) + "  " : "    ") + cls, model.color(cls), null);
                case 2 -> n.total();
                case 3 -> n.accepted();
                case 4 -> n.relabelled();
                case 5 -> n.rejected();
                default -> n.remaining();
            };
        }

        @Override
        public void setValueAt(Object value, int r, int c) {
            if (c == 0 && model != null) {
                showClass(model.classes().get(r), Boolean.TRUE.equals(value));
            }
        }
    }
}
