package org.deepraster.viewer;

import java.awt.Component;
import java.awt.Window;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.swing.Icon;
import javax.swing.JComponent;
import javax.swing.JMenu;
import javax.swing.JMenuBar;
import javax.swing.JMenuItem;
import javax.swing.JTabbedPane;
import javax.swing.SwingUtilities;
import org.deepraster.plugin.Notifier;
import org.deepraster.plugin.UiService;

/** Menus and docked panels of the main window for plugins; EDT only. */
final class UiServiceImpl implements UiService {
    private final Window window;
    private final JMenuBar menuBar;
    private final JTabbedPane dock;
    private final Notifier notifier;
    private final Map<String, Component> panels = new HashMap<>();

    UiServiceImpl(Window window, JMenuBar menuBar, JTabbedPane dock, Notifier notifier) {
        this.window = window;
        this.menuBar = menuBar;
        this.dock = dock;
        this.notifier = notifier;
    }

    private static void requireEdt() {
        if (!SwingUtilities.isEventDispatchThread()) {
            throw new IllegalStateException("UiService must be called on the EDT");
        }
    }

    @Override
    public Window mainWindow() {
        return window;
    }

    @Override
    public void addMenuItem(String menuPath, String name, String iconResource, Runnable action) {
        requireEdt();
        JMenu menu = null;
        for (int i = 0; i < menuBar.getMenuCount(); i++) {
            JMenu m = menuBar.getMenu(i);
            if (m != null && m.getText().equals(menuPath)) {
                menu = m;
            }
        }
        if (menu == null) {
            menu = new JMenu(menuPath);
            menu.setName("menu." + key(menuPath));
            int help = menuBar.getMenuCount();
            for (int i = 0; i < menuBar.getMenuCount(); i++) {
                if ("menu.help".equals(menuBar.getMenu(i).getName())) {
                    help = i;
                }
            }
            menuBar.add(menu, help);
            menuBar.revalidate();
        }
        JMenuItem item = new JMenuItem(name, icon(iconResource));
        item.setName("menu." + key(menuPath) + "." + key(name));
        item.addActionListener(e -> {
            try {
                action.run();
            } catch (RuntimeException ex) {
                notifier.error(name + " failed", ex);
            }
        });
        menu.add(item);
    }

    private static String key(String s) {
        return s.trim().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "");
    }

    private static Icon icon(String resource) {
        if (resource == null || resource.isBlank()) {
            return null;
        }
        try {
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            if ((cl != null ? cl : UiServiceImpl.class.getClassLoader()).getResource(resource) == null) {
                return null;
            }
            return new com.formdev.flatlaf.extras.FlatSVGIcon(resource, 16, 16, cl);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    @Override
    public void addDockedPanel(String id, String title, Supplier<Component> factory) {
        requireEdt();
        Component existing = panels.get(id);
        if (existing != null) {
            dock.remove(existing);
        }
        Component c;
        try {
            c = factory.get();
        } catch (RuntimeException e) {
            notifier.error("The panel '" + title + "' could not be created", e);
            return;
        }
        if (c.getName() == null && c instanceof JComponent) {
            c.setName(id);
        }
        panels.put(id, c);
        dock.addTab(title, c);
    }

    @Override
    public void showDockedPanel(String id) {
        requireEdt();
        Component c = panels.get(id);
        if (c != null) {
            dock.setSelectedComponent(c);
        }
    }
}
