package org.deepraster.model;

/** Input tensor layout: NCHW (channels first, the default) or NHWC (channels last). */
public enum ModelFormat {
    NCHW, NHWC
}
