package org.deepraster.plugin.testplugins;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What the test plugins did, in order. */
public final class Events {
    public static final List<String> LOG = Collections.synchronizedList(new ArrayList<>());

    private Events() {
    }
}
