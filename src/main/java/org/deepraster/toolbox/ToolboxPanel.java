package org.deepraster.toolbox;

import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.event.KeyEvent;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.swing.AbstractAction;
import javax.swing.BorderFactory;
import javax.swing.Icon;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.JTextArea;
import javax.swing.JTree;
import javax.swing.KeyStroke;
import javax.swing.tree.DefaultMutableTreeNode;
import javax.swing.tree.DefaultTreeCellRenderer;
import javax.swing.tree.DefaultTreeModel;
import javax.swing.tree.TreePath;
import javax.swing.tree.TreeSelectionModel;
import org.deepraster.plugin.ToolDescriptor;

/**
 * The toolbox: the tools of a plugin grouped by category in a tree, with their icons, a
 * description of the selected tool and an Open button. Double-click, Enter or Open opens the
 * selected tool. Built from the descriptor's tool list; nothing here is specific to one tool.
 * Use on the EDT only.
 *
 * <p>Component names: {@code toolbox.panel}, {@code toolbox.tree}, {@code toolbox.description},
 * {@code toolbox.open}.
 */
public final class ToolboxPanel extends JPanel {

    static final int ICON_SIZE = 16;

    /** A tool in the tree; its text is the tool's name. */
    public record ToolItem(ToolDescriptor tool, Icon icon) {
        @Override
        public String toString() {
            return tool.name();
        }
    }

    private final JTree tree;
    private final JTextArea description;
    private final JButton open;
    private final String intro;
    private final Consumer<ToolDescriptor> opener;

    /**
     * @param tools  the tools, listed in this order under their categories (categories in the
     *               order they first appear)
     * @param intro  text shown when no tool is selected (e.g. the plugin's description)
     * @param icons  loads the tools' icons
     * @param opener opens a tool; called on the EDT
     */
    public ToolboxPanel(List<ToolDescriptor> tools, String intro, ToolIcons icons,
                        Consumer<ToolDescriptor> opener) {
        super(new BorderLayout());
        setName("toolbox.panel");
        this.intro = intro == null ? "" : intro;
        this.opener = opener;

        DefaultMutableTreeNode root = new DefaultMutableTreeNode("Tools");
        Map<String, DefaultMutableTreeNode> categories = new LinkedHashMap<>();
        for (ToolDescriptor tool : tools) {
            DefaultMutableTreeNode category = categories.computeIfAbsent(tool.category(), c -> {
                DefaultMutableTreeNode node = new DefaultMutableTreeNode(c);
                root.add(node);
                return node;
            });
            category.add(new DefaultMutableTreeNode(new ToolItem(tool, icons.forTool(tool, ICON_SIZE)), false));
        }
        Icon categoryIcon = icons.toolbox(ICON_SIZE);

        tree = new JTree(new DefaultTreeModel(root));
        tree.setName("toolbox.tree");
        tree.setRootVisible(false);
        tree.setShowsRootHandles(true);
        tree.getSelectionModel().setSelectionMode(TreeSelectionModel.SINGLE_TREE_SELECTION);
        tree.setToggleClickCount(0); // double-click opens a tool; categories toggle on their handle
        tree.setCellRenderer(new DefaultTreeCellRenderer() {
            @Override
            public Component getTreeCellRendererComponent(JTree t, Object value, boolean sel, boolean expanded,
                                                          boolean leaf, int row, boolean focus) {
                super.getTreeCellRendererComponent(t, value, sel, expanded, leaf, row, focus);
                Object user = ((DefaultMutableTreeNode) value).getUserObject();
                if (user instanceof ToolItem item) {
                    setIcon(item.icon());
                    setToolTipText(item.tool().description());
                } else {
                    setIcon(categoryIcon);
                    setToolTipText(null);
                }
                return this;
            }
        });
        javax.swing.ToolTipManager.sharedInstance().registerComponent(tree);
        for (int i = 0; i < tree.getRowCount(); i++) {
            tree.expandRow(i);
        }
        tree.addTreeSelectionListener(e -> selectionChanged());
        tree.addMouseListener(new MouseAdapter() {
            @Override
            public void mouseClicked(MouseEvent e) {
                if (e.getClickCount() == 2 && javax.swing.SwingUtilities.isLeftMouseButton(e)) {
                    TreePath path = tree.getPathForLocation(e.getX(), e.getY());
                    if (path != null) {
                        tree.setSelectionPath(path);
                        openSelected();
                    }
                }
            }
        });
        tree.getInputMap(JComponent.WHEN_FOCUSED).put(KeyStroke.getKeyStroke(KeyEvent.VK_ENTER, 0), "toolbox.open");
        tree.getActionMap().put("toolbox.open", new AbstractAction() {
            @Override
            public void actionPerformed(java.awt.event.ActionEvent e) {
                TreePath path = tree.getSelectionPath();
                if (selectedTool().isPresent()) {
                    openSelected();
                } else if (path != null) {
                    if (tree.isExpanded(path)) {
                        tree.collapsePath(path);
                    } else {
                        tree.expandPath(path);
                    }
                }
            }
        });

        description = new JTextArea();
        description.setName("toolbox.description");
        description.setEditable(false);
        description.setLineWrap(true);
        description.setWrapStyleWord(true);
        description.setRows(5);
        description.setBorder(BorderFactory.createEmptyBorder(6, 8, 6, 8));

        open = new JButton("Open");
        open.setName("toolbox.open");
        open.setToolTipText("Open the selected tool (double-click or Enter)");
        open.addActionListener(e -> openSelected());

        JScrollPane treeScroll = new JScrollPane(tree);
        treeScroll.setName("toolbox.tree.scroll");
        JScrollPane descriptionScroll = new JScrollPane(description);
        descriptionScroll.setName("toolbox.description.scroll");
        JSplitPane split = new JSplitPane(JSplitPane.VERTICAL_SPLIT, treeScroll, descriptionScroll);
        split.setName("toolbox.split");
        split.setResizeWeight(0.65);
        split.setBorder(null);
        split.setContinuousLayout(true);

        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.TRAILING, 6, 4));
        buttons.add(open);
        add(split, BorderLayout.CENTER);
        add(buttons, BorderLayout.SOUTH);
        setPreferredSize(new Dimension(280, 420));

        if (tools.isEmpty()) {
            this.description.setText("This plugin declares no tools.");
        }
        selectionChanged();
    }

    /** The tool tree. */
    public JTree tree() {
        return tree;
    }

    /** The tools listed, in tree order. */
    public List<ToolItem> items() {
        List<ToolItem> items = new ArrayList<>();
        DefaultMutableTreeNode root = (DefaultMutableTreeNode) tree.getModel().getRoot();
        for (var e = root.preorderEnumeration(); e.hasMoreElements(); ) {
            Object user = ((DefaultMutableTreeNode) e.nextElement()).getUserObject();
            if (user instanceof ToolItem item) {
                items.add(item);
            }
        }
        return items;
    }

    /** The selected tool, if a tool (not a category) is selected. */
    public Optional<ToolDescriptor> selectedTool() {
        TreePath path = tree.getSelectionPath();
        if (path == null) {
            return Optional.empty();
        }
        Object user = ((DefaultMutableTreeNode) path.getLastPathComponent()).getUserObject();
        return user instanceof ToolItem item ? Optional.of(item.tool()) : Optional.empty();
    }

    /** Selects a tool by id; returns whether it is listed. */
    public boolean select(String toolId) {
        DefaultMutableTreeNode root = (DefaultMutableTreeNode) tree.getModel().getRoot();
        for (var e = root.preorderEnumeration(); e.hasMoreElements(); ) {
            DefaultMutableTreeNode node = (DefaultMutableTreeNode) e.nextElement();
            if (node.getUserObject() instanceof ToolItem item && item.tool().id().equals(toolId)) {
                TreePath path = new TreePath(node.getPath());
                tree.setSelectionPath(path);
                tree.scrollPathToVisible(path);
                return true;
            }
        }
        return false;
    }

    private void openSelected() {
        selectedTool().ifPresent(opener);
    }

    private void selectionChanged() {
        Optional<ToolDescriptor> tool = selectedTool();
        open.setEnabled(tool.isPresent());
        if (tool.isPresent()) {
            String text = tool.get().description();
            description.setText(tool.get().name() + "\n\n" + (text == null || text.isBlank() ? "" : text));
        } else if (tree.getRowCount() > 0) {
            description.setText(intro.isBlank() ? "Select a tool to see what it does." : intro
                    + "\n\nSelect a tool to see what it does; double-click it to open it.");
        }
        description.setCaretPosition(0);
    }
}
