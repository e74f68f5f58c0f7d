package org.deepraster.toolbox;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.awt.GraphicsEnvironment;

/** Skips a test that builds Swing components when there is no display (surefire runs with headless=false). */
public final class Display {
    private Display() {
    }

    public static void assumeAvailable() {
        String display = System.getenv("DISPLAY");
        boolean noX11 = System.getProperty("os.name", "").startsWith("Linux") && (display == null || display.isBlank());
        assumeFalse(GraphicsEnvironment.isHeadless() || noX11,
                "needs a display for Swing components (run the tests under xvfb-run, as ./run-tests does)");
    }
}
