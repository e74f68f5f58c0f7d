package org.deepraster.plugin.testplugins;

/** Named as an entry class by a bad descriptor: it does not implement Plugin. */
public class NotAPlugin {
}
