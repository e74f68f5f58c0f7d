/**
 * The Deep Learning toolbox plugin: a docked toolbox panel and a menu listing the tools its
 * {@code plugin-descriptor.xml} declares, and the tools' dialogs ({@link org.deepraster.toolbox.ToolDialogs}).
 * It knows the host only through {@code org.deepraster.plugin}.
 */
package org.deepraster.toolbox;
