package org.deepraster.viewer;

/** What a mouse press on the map does. */
public enum MapTool {
    PAN, ZOOM_IN, ZOOM_OUT, IDENTIFY
}
