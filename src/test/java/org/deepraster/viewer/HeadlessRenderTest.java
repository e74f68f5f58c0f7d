package org.deepraster.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The renderer works in a JVM that has no display at all (java.awt.headless=true). */
class HeadlessRenderTest {
    @Test
    @Timeout(120)
    void rendersAPngInAHeadlessJvm(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("map.png");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Djava.awt.headless=true", "-cp",
                System.getProperty("java.class.path"), HeadlessRenderMain.class.getName(), png.toString()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(100, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(320);
        assertThat(img.getHeight()).isEqualTo(240);
        // the raster is drawn in the middle, the background is white at the left edge
        assertThat(img.getRGB(160, 120) & 0xFFFFFF).isNotEqualTo(0xFFFFFF);
        assertThat(img.getRGB(2, 120) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    }
}
