package org.deepraster.viewer;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Cursor;
import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.event.ComponentAdapter;
import java.awt.event.ComponentEvent;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.awt.event.MouseWheelEvent;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.swing.JComponent;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import javax.swing.UIManager;
import org.deepraster.util.CancelledException;
import org.locationtech.jts.geom.Envelope;
import org.opengis.referencing.crs.CoordinateReferenceSystem;

/**
 * The map on screen. Rendering runs on a single background thread into an image; a newer
 * request makes an older one obsolete (its cancel flag turns true). While a new image is being
 * drawn, the last one is shown transformed to the current viewport, so pan and zoom respond at
 * once. All methods are for the EDT unless they say otherwise.
 */
public final class MapPane extends JComponent {
    private static final java.util.logging.Logger LOG = org.deepraster.util.Log.logger(MapPane.class);
    private final Supplier<List<MapLayer>> layers;
    private final Supplier<CoordinateReferenceSystem> mapCrs;
    private final List<java.util.function.BiConsumer<MapLayer, String>> problemListeners = new CopyOnWriteArrayList<>();
    private final MapRenderer renderer = new MapRenderer((layer, text) ->
            SwingUtilities.invokeLater(() -> problemListeners.forEach(l -> l.accept(layer, text))));
    private final ExecutorService renderThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "map-render");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong generation = new AtomicLong();
    private final AtomicLong completedRenders = new AtomicLong();
    private final Timer renderDelay;
    private final List<Consumer<MapViewport>> viewportListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Point2D>> cursorListeners = new CopyOnWriteArrayList<>();
    private BiConsumer<Point2D, Point> identifyHandler = (m, s) -> { };

    private MapViewport viewport = new MapViewport(0, 0, 1, 800, 600);
    private boolean hasExtent;
    private BufferedImage image;
    private MapViewport imageViewport;
    private MapTool tool = MapTool.PAN;
    private Rectangle zoomBox;

    /**
     * @param layers the layers, top first (read on the EDT when a render starts)
     * @param mapCrs the map CRS
     */
    public MapPane(Supplier<List<MapLayer>> layers, Supplier<CoordinateReferenceSystem> mapCrs) {
        this.layers = layers;
        this.mapCrs = mapCrs;
        setName("mapPane");
        setOpaque(true);
        setFocusable(true);
        setPreferredSize(new Dimension(900, 650));
        renderDelay = new Timer(25, e -> startRender());
        renderDelay.setRepeats(false);
        addComponentListener(new ComponentAdapter() {
            @Override
            public void componentResized(ComponentEvent e) {
                if (getWidth() > 0 && getHeight() > 0) {
                    setViewport(viewport.withSize(getWidth(), getHeight()));
                }
            }
        });
        Mouse mouse = new Mouse();
        addMouseListener(mouse);
        addMouseMotionListener(mouse);
        addMouseWheelListener(mouse);
    }

    public MapViewport viewport() {
        return viewport;
    }

    private final MapCover cover = new MapCover(this);

    /** What of the map the user sees: the viewport less what the main window's tool windows cover. EDT only. */
    public org.locationtech.jts.geom.Envelope uncoveredExtent() {
        Rectangle r = cover.uncovered();
        return r.isEmpty() ? viewport.extent() : viewport.extentOf(r);
    }

    /** Draws the outline of {@link #uncoveredExtent()} while {@code owner} asks for it. EDT only. */
    public void showExtentPreview(java.awt.Window owner, boolean on) {
        cover.show(owner, on);
    }

    /** Whether the outline of the extent to process is drawn. EDT only. */
    public boolean extentPreviewShown() {
        return cover.showing();
    }

    /** Shows another part of the map and re-renders. */
    public void setViewport(MapViewport vp) {
        if (vp.equals(viewport) && image != null) {
            return;
        }
        viewport = vp;
        hasExtent = true;
        for (Consumer<MapViewport> l : viewportListeners) {
            l.accept(vp);
        }
        requestRender();
        repaint();
    }

    /** True once a viewport was set (by a zoom or the first layer). */
    public boolean hasExtent() {
        return hasExtent;
    }

    public void zoomTo(Envelope env) {
        if (env == null || env.isNull()) {
            return;
        }
        setViewport(MapViewport.fit(env, Math.max(1, getWidth() > 0 ? getWidth() : viewport.width()),
                Math.max(1, getHeight() > 0 ? getHeight() : viewport.height())));
    }

    public void zoomBy(double factor) {
        setViewport(viewport.zoomAt(viewport.width() / 2.0, viewport.height() / 2.0, factor));
    }

    public MapTool tool() {
        return tool;
    }

    public void setTool(MapTool tool) {
        this.tool = tool;
        setCursor(Cursor.getPredefinedCursor(switch (tool) {
            case PAN -> Cursor.MOVE_CURSOR;
            case ZOOM_IN, ZOOM_OUT -> Cursor.CROSSHAIR_CURSOR;
            case IDENTIFY -> Cursor.HAND_CURSOR;
        }));
    }

    /** Called on the EDT with each new viewport. */
    public void addViewportListener(Consumer<MapViewport> l) {
        viewportListeners.add(l);
    }

    /** Called on the EDT with the map coordinate under the mouse (null when it leaves). */
    public void addCursorListener(Consumer<Point2D> l) {
        cursorListeners.add(l);
    }

    /** Called on the EDT when a layer cannot be drawn (once per layer and problem). */
    public void addProblemListener(java.util.function.BiConsumer<MapLayer, String> l) {
        problemListeners.add(l);
    }

    /** Called on the EDT when the identify tool clicks: map point, screen point. */
    public void setIdentifyHandler(BiConsumer<Point2D, Point> handler) {
        this.identifyHandler = handler;
    }

    /** Re-renders the whole view soon (coalescing requests made within a few milliseconds). */
    public void requestRender() {
        generation.incrementAndGet(); // makes a render in progress obsolete at once
        renderDelay.restart();
    }

    /** The last rendered image (EDT only; for tests and snapshots). */
    BufferedImage renderedImage() {
        return image;
    }

    /** Number of renders that finished and were shown (for tests and diagnostics); any thread. */
    public long completedRenders() {
        return completedRenders.get();
    }

    /** True while no render is pending or running; any thread. */
    public boolean isRenderIdle() {
        return idleGeneration == generation.get() && !renderDelay.isRunning() && !renderAgain;
    }

    private volatile long idleGeneration = -1;

    /** Generation of the full render in flight (EDT only); -1 when none. */
    private long inFlight = -1;
    /** Content changed while a full render was in flight: render again when it is done (EDT only). */
    private boolean renderAgain;

    private void renderEnded(long gen) {
        if (inFlight == gen) {
            inFlight = -1;
            if (renderAgain) {
                renderAgain = false;
                requestRender();
            }
        }
    }

    private void startRender() {
        if (renderThread.isShutdown()) {
            return; // the window closed (a plugin stopping may still change a layer)
        }
        long gen = generation.incrementAndGet();
        inFlight = gen;
        renderAgain = false;
        MapViewport vp = viewport;
        List<MapLayer> snapshot = List.copyOf(layers.get());
        CoordinateReferenceSystem crs = mapCrs.get();
        renderThread.execute(() -> {
            if (gen != generation.get()) {
                return;
            }
            try {
                BufferedImage img = renderer.render(snapshot, vp, crs, () -> gen != generation.get());
                SwingUtilities.invokeLater(() -> {
                    if (gen == generation.get()) {
                        image = img;
                        imageViewport = vp;
                        completedRenders.incrementAndGet();
                        idleGeneration = gen;
                        repaint();
                    }
                    renderEnded(gen);
                });
            } catch (CancelledException e) {
                SwingUtilities.invokeLater(() -> renderEnded(gen)); // a newer render replaced this one
            } catch (RuntimeException | Error e) {
                LOG.log(java.util.logging.Level.SEVERE, "Map rendering failed", e);
                SwingUtilities.invokeLater(() -> {
                    idleGeneration = gen;
                    renderEnded(gen);
                });
            }
        });
    }

    /**
     * Re-renders only the screen area covering a map envelope (e.g. features a job just added),
     * pasting it into the current image; falls back to a full render when the view changed.
     */
    public void refreshArea(Envelope mapArea, double marginPixels) {
        if (renderDelay.isRunning() || inFlight >= 0) {
            // a full render is on its way; it may have read the layer before this change, so
            // render once more after it instead of cancelling it (which could starve the map
            // while a job streams results faster than a render takes)
            renderAgain = true;
            return;
        }
        if (image == null || !viewport.equals(imageViewport)) {
            requestRender();
            return;
        }
        Rectangle r = viewport.screenRectOf(mapArea);
        int m = (int) Math.ceil(marginPixels) + 2;
        r.grow(m, m);
        r = r.intersection(new Rectangle(0, 0, viewport.width(), viewport.height()));
        if (r.isEmpty()) {
            return;
        }
        Rectangle area = r;
        if (renderThread.isShutdown()) {
            return;
        }
        long gen = generation.get();
        MapViewport vp = viewport;
        MapViewport sub = vp.subViewport(area);
        List<MapLayer> snapshot = List.copyOf(layers.get());
        CoordinateReferenceSystem crs = mapCrs.get();
        renderThread.execute(() -> {
            if (gen != generation.get()) {
                return;
            }
            try {
                BufferedImage part = renderer.render(snapshot, sub, crs, () -> gen != generation.get());
                SwingUtilities.invokeLater(() -> {
                    if (gen == generation.get() && image != null && vp.equals(imageViewport)) {
                        Graphics2D g = image.createGraphics();
                        g.setComposite(java.awt.AlphaComposite.Src);
                        g.drawImage(part, area.x, area.y, null);
                        g.dispose();
                        completedRenders.incrementAndGet();
                        repaint(area);
                    }
                });
            } catch (CancelledException e) {
                // obsolete
            } catch (RuntimeException | Error e) {
                LOG.log(java.util.logging.Level.SEVERE, "Map rendering failed", e);
            }
        });
    }

    // ---------------------------------------------------------------- flash

    /** How many times a flashed feature blinks, and the half period in ms. */
    static final int FLASH_BLINKS = 3;
    static final int FLASH_HALF_PERIOD_MS = 160;
    private org.locationtech.jts.geom.Geometry flashGeometry;
    private boolean flashOn;
    private Timer flashTimer;

    /**
     * Blinks a geometry (in the map CRS) over the map a few times, drawn in a bright colour on top
     * of the rendered image, so the eye finds it; EDT only.
     */
    public void flash(org.locationtech.jts.geom.Geometry mapGeometry) {
        if (flashTimer != null) {
            flashTimer.stop();
        }
        flashGeometry = mapGeometry;
        flashOn = mapGeometry != null;
        int[] ticks = {0};
        flashTimer = new Timer(FLASH_HALF_PERIOD_MS, e -> {
            ticks[0]++;
            flashOn = !flashOn;
            if (ticks[0] >= FLASH_BLINKS * 2 - 1) {
                ((Timer) e.getSource()).stop();
                flashOn = false;
                flashGeometry = null;
            }
            repaint();
        });
        flashTimer.start();
        repaint();
    }

    /** The geometry being flashed, or null (for tests). */
    org.locationtech.jts.geom.Geometry flashing() {
        return flashGeometry;
    }

    private void paintFlash(Graphics2D g) {
        org.locationtech.jts.geom.Geometry geom = flashGeometry;
        if (geom == null || !flashOn) {
            return;
        }
        MapViewport vp = viewport;
        double s = vp.scale(), cx = vp.centerX(), cy = vp.centerY(), hw = vp.width() / 2.0, hh = vp.height() / 2.0;
        org.locationtech.jts.awt.ShapeWriter writer = new org.locationtech.jts.awt.ShapeWriter(
                (src, dest) -> dest.setLocation((src.x - cx) / s + hw, (cy - src.y) / s + hh),
                new org.locationtech.jts.awt.PointShapeFactory.Circle(14));
        java.awt.Shape shape = writer.toShape(geom);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(255, 255, 0, 90));
        g.fill(shape);
        g.setStroke(new BasicStroke(4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.setColor(new Color(255, 40, 200));
        g.draw(shape);
        // a ring around small features so they are found at any scale
        java.awt.Rectangle b = shape.getBounds();
        if (b.width < 24 && b.height < 24) {
            int r = 22;
            g.drawOval((int) b.getCenterX() - r, (int) b.getCenterY() - r, 2 * r, 2 * r);
        }
    }

    /** Stops the render thread (when the window closes). */
    public void dispose() {
        renderDelay.stop();
        renderThread.shutdownNow();
    }

    @Override
    protected void paintComponent(Graphics g0) {
        Graphics2D g = (Graphics2D) g0.create();
        try {
            Color bg = UIManager.getColor("DeepRaster.mapBackground");
            g.setColor(bg != null ? bg : Color.WHITE);
            g.fillRect(0, 0, getWidth(), getHeight());
            if (image != null) {
                if (viewport.equals(imageViewport)) {
                    g.drawImage(image, 0, 0, null);
                } else {
                    // show the last image moved/scaled to the current viewport until the new one is ready
                    AffineTransform t = viewport.mapToScreen();
                    t.concatenate(imageViewport.screenToMap());
                    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                    g.drawImage(image, t, null);
                }
            }
            paintFlash(g);
            cover.paint(g);
            if (zoomBox != null) {
                g.setColor(new Color(0x20, 0x60, 0xD0, 50));
                g.fill(zoomBox);
                g.setColor(new Color(0x20, 0x60, 0xD0));
                g.setStroke(new BasicStroke(1f));
                g.draw(zoomBox);
            }
        } finally {
            g.dispose();
        }
    }

    private final class Mouse extends MouseAdapter {
        private Point pressed;
        private MapViewport pressedViewport;
        private boolean panning;

        @Override
        public void mousePressed(MouseEvent e) {
            requestFocusInWindow();
            pressed = e.getPoint();
            pressedViewport = viewport;
            panning = tool == MapTool.PAN && SwingUtilities.isLeftMouseButton(e) || SwingUtilities.isMiddleMouseButton(e);
        }

        @Override
        public void mouseDragged(MouseEvent e) {
            fireCursor(e);
            if (pressed == null) {
                return;
            }
            if (panning) {
                setViewport(pressedViewport.panByPixels(e.getX() - pressed.x, e.getY() - pressed.y));
            } else if (tool == MapTool.ZOOM_IN) {
                zoomBox = new Rectangle(Math.min(pressed.x, e.getX()), Math.min(pressed.y, e.getY()),
                        Math.abs(e.getX() - pressed.x), Math.abs(e.getY() - pressed.y));
                repaint();
            }
        }

        @Override
        public void mouseReleased(MouseEvent e) {
            if (pressed == null) {
                return;
            }
            Point p = pressed;
            pressed = null;
            if (panning) {
                panning = false;
                return;
            }
            if (!SwingUtilities.isLeftMouseButton(e)) {
                return;
            }
            boolean click = p.distance(e.getPoint()) < 5;
            switch (tool) {
                case ZOOM_IN -> {
                    Rectangle box = zoomBox;
                    zoomBox = null;
                    if (click || box == null || box.width < 5 || box.height < 5) {
                        setViewport(viewport.zoomAt(e.getX(), e.getY(), 0.5));
                    } else {
                        setViewport(viewport.zoomToScreenRect(box));
                    }
                    repaint();
                }
                case ZOOM_OUT -> setViewport(viewport.zoomAt(e.getX(), e.getY(), 2));
                case IDENTIFY -> {
                    if (click) {
                        identifyHandler.accept(viewport.screenToMap(e.getX(), e.getY()), e.getPoint());
                    }
                }
                default -> {
                }
            }
        }

        @Override
        public void mouseWheelMoved(MouseWheelEvent e) {
            double rot = e.getPreciseWheelRotation();
            if (rot != 0) {
                setViewport(viewport.zoomAt(e.getX(), e.getY(), Math.pow(1.25, rot)));
            }
        }

        @Override
        public void mouseMoved(MouseEvent e) {
            fireCursor(e);
        }

        @Override
        public void mouseExited(MouseEvent e) {
            for (Consumer<Point2D> l : cursorListeners) {
                l.accept(null);
            }
        }

        private void fireCursor(MouseEvent e) {
            Point2D m = viewport.screenToMap(e.getX(), e.getY());
            for (Consumer<Point2D> l : cursorListeners) {
                l.accept(m);
            }
        }
    }
}
