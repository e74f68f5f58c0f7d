package org.deepraster.toolbox;

import java.awt.event.ActionEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.swing.AbstractAction;
import javax.swing.InputMap;
import javax.swing.JComponent;
import javax.swing.JTable;
import javax.swing.KeyStroke;
import javax.swing.ListSelectionModel;
import javax.swing.RowFilter;
import javax.swing.table.AbstractTableModel;
import javax.swing.table.TableRowSorter;
import org.deepraster.feature.Feature;

/**
 * The review panel's table of features (id, model's class with its relabel, confidence, review
 * status), sorted and filtered like the map; rows are the review's features in file order, and
 * view rows map to feature ids here. The keys the table answers are bound by the panel with
 * {@link #bind}. EDT only.
 */
final class ReviewFeatureTable {
    // state first: the table model reads it while the table is built
    private ReviewModel model;
    private List<Feature> rows = List.of();
    private final Map<Long, Integer> rowOf = new HashMap<>();
    private final FeatureTableModel tableModel = new FeatureTableModel();
    private final JTable table = new JTable(tableModel);
    private final TableRowSorter<FeatureTableModel> sorter = new TableRowSorter<>(tableModel);

    ReviewFeatureTable() {
        table.setName("review.features");
        table.setRowSorter(sorter);
        table.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        table.setFillsViewportHeight(true);
        table.setDefaultRenderer(ClassCell.class, new ClassCell.Renderer());
        table.getColumnModel().getColumn(0).setPreferredWidth(32);
        table.getColumnModel().getColumn(1).setPreferredWidth(116);
        table.getColumnModel().getColumn(2).setPreferredWidth(38);
        table.getColumnModel().getColumn(3).setPreferredWidth(70);
    }

    JTable table() {
        return table;
    }

    /** Lists the features of a review (none for null). */
    void show(ReviewModel m) {
        model = m;
        rows = m == null ? List.of() : m.features();
        rowOf.clear();
        for (int i = 0; i < rows.size(); i++) {
            rowOf.put(rows.get(i).id(), i);
        }
        tableModel.fireTableDataChanged();
    }

    /** Shows only the features the filter lets through (all for null). */
    void setFilter(Predicate<Feature> filter) {
        sorter.setRowFilter(filter == null ? null : new RowFilter<FeatureTableModel, Integer>() {
            @Override
            public boolean include(Entry<? extends FeatureTableModel, ? extends Integer> entry) {
                return filter.test(rows.get(entry.getIdentifier()));
            }
        });
    }

    /** The id of the feature in view row {@code v}. */
    long idAt(int v) {
        return rows.get(table.convertRowIndexToModel(v)).id();
    }

    /** The selected feature's id; null when no row is selected or nothing is under review. */
    Long currentId() {
        int v = table.getSelectedRow();
        if (v < 0 || model == null) {
            return null;
        }
        return idAt(v);
    }

    /** True when the review holds a feature of this id. */
    boolean holds(long id) {
        return rowOf.containsKey(id);
    }

    /** The view row of a feature the review holds; -1 when the filters hide it. */
    int viewRowOf(long id) {
        return table.convertRowIndexToView(rowOf.get(id));
    }

    /** Draws a feature's row again after a decision on it. */
    void decided(long id) {
        int m = rowOf.get(id);
        tableModel.fireTableRowsUpdated(m, m);
    }

    /** The first view row not reviewed yet; 0 when all are. */
    int firstUnreviewedRow() {
        for (int v = 0; v < table.getRowCount(); v++) {
            if (model.status(idAt(v)) == ReviewModel.StatusFilter.NOT_REVIEWED) {
                return v;
            }
        }
        return 0;
    }

    /** Selects view row {@code v} and scrolls it into view. */
    void select(int v) {
        table.setRowSelectionInterval(v, v);
        table.scrollRectToVisible(table.getCellRect(v, 0, true));
    }

    /** Binds keys (without modifiers) of the focused table to an action named {@code name}. */
    void bind(String name, Runnable r, int... codes) {
        InputMap in = table.getInputMap(JComponent.WHEN_FOCUSED);
        for (int code : codes) {
            in.put(KeyStroke.getKeyStroke(code, 0), name);
        }
        table.getActionMap().put(name, new AbstractAction() {
            @Override
            public void actionPerformed(ActionEvent e) {
                r.run();
            }
        });
    }

    private final class FeatureTableModel extends AbstractTableModel {
        private final String[] names = {"Id", "Class", "Conf.", "Review"};

        @Override
        public int getRowCount() {
            return rows.size();
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
                case 0 -> Long.class;
                case 1 -> ClassCell.class;
                case 2 -> Double.class;
                default -> String.class;
            };
        }

        @Override
        public Object getValueAt(int r, int c) {
            Feature f = rows.get(r);
            return switch (c) {
                case 0 -> f.id();
                case 1 -> {
                    String cls = model.modelClass(f);
                    String label = model.decision(f.id()).label();
                    yield new ClassCell(cls, model.color(cls), label == null ? null : " → " + label);
                }
                case 2 -> {
                    double conf = model.confidence(f);
                    yield Double.isNaN(conf) ? null : Math.round(conf * 10) / 10.0;
                }
                default -> switch (model.status(f.id())) {
                    case ACCEPTED -> "accepted";
                    case RELABELLED -> "relabelled";
                    case REJECTED -> "rejected";
                    default -> "";
                };
            };
        }
    }
}
