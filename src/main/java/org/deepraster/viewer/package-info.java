/**
 * The host application: the map viewer that plugins extend.
 *
 * <h2>Parts</h2>
 * <ul>
 *   <li>{@link org.deepraster.viewer.ViewerApp} starts everything: FlatLaf, the
 *       {@link org.deepraster.viewer.MainFrame main window}, the plugins (through
 *       {@link org.deepraster.plugin.PluginManager}; a failure there is a notification, never a
 *       crash) and the files given on the command line.</li>
 *   <li>Map model, free of Swing (java.awt only, usable headless):
 *       {@link org.deepraster.viewer.MapViewport} (centre, scale, size, screen &lt;-&gt; map),
 *       {@link org.deepraster.viewer.MapLayer} with {@link org.deepraster.viewer.RasterLayer} and
 *       {@link org.deepraster.viewer.VectorLayer} (reprojected once per map CRS into an STRtree),
 *       {@link org.deepraster.viewer.MapRenderer} (draws layers into an image;
 *       {@code renderToPng} for jobs without a display) and
 *       {@link org.deepraster.viewer.Identifier}.</li>
 *   <li>Swing: {@link org.deepraster.viewer.MapPane} (renders on a background thread, shows the
 *       last image transformed meanwhile; pan, zoom box/click, wheel, identify), the layer list,
 *       the status bar with task progress, the identify window.</li>
 *   <li>Host services for plugins ({@link org.deepraster.viewer.HostContext}):
 *       {@link org.deepraster.viewer.LayerManager} (layers, map CRS, streaming layers coalesced
 *       to the EDT), map, selection, {@link org.deepraster.viewer.TaskManager},
 *       {@link org.deepraster.viewer.NotificationCenter} and the UI service.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * Swing objects are touched on the EDT only. Listeners of the host services are called on the
 * EDT. Map rendering runs on one "map-render" thread: a newer request makes an older render
 * obsolete (its cancel check turns true between layers and rows). Files open and tasks run on
 * a worker pool. Features a job streams in are queued and applied on the EDT at most every
 * 100 ms, re-rendering only the screen area they cover.
 */
package org.deepraster.viewer;
