package org.deepraster.tool.selfsupervised;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.deepraster.raster.RasterWindow;

/**
 * The 4-part figure of one labelled image: the image, the labels, the CNN's tile classification and the final
 * classification, side by side with titles and a legend, as PNG. Kept at reduced resolution (every {@code step}-th
 * pixel, at most {@value #MAX} px on the longer side) while the pixel pass runs, so it costs little memory.
 */
final class Figure {
    static final int MAX = 500;
    private static final int UNLABELLED = 0xFFFFFF;

    private final int step;
    private final int fw;
    private final int fh;
    private final OutputClasses classes;
    private final int[][] panels;

    Figure(int width, int height, OutputClasses classes) {
        this.step = Math.max(1, (Math.max(width, height) + MAX - 1) / MAX);
        this.fw = (width + step - 1) / step;
        this.fh = (height + step - 1) / step;
        this.classes = classes;
        this.panels = new int[4][fw * fh];
    }

    /** Pixel {@code (x, y)} of the image: its RGB from {@code image} (sample {@code i}), label, CNN and final class. */
    void put(int x, int y, RasterWindow image, int i, int label, int cnn, int fin) {
        if (x % step != 0 || y % step != 0) {
            return;
        }
        int k = (y / step) * fw + x / step;
        int plane = image.width() * image.height();
        float[] s = image.samples();
        int nb = image.bands();
        int r = clamp(s[i]);
        int g = clamp(s[(nb > 1 ? 1 : 0) * plane + i]);
        int b = clamp(s[(nb > 2 ? 2 : 0) * plane + i]);
        panels[0][k] = image.isValid(x, i / image.width()) ? r << 16 | g << 8 | b : 0;
        panels[1][k] = label < 0 ? UNLABELLED : classes.rgb(label);
        panels[2][k] = cnn < 0 ? 0 : classes.rgb(cnn);
        panels[3][k] = fin < 0 ? 0 : classes.rgb(fin);
    }

    private static int clamp(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }

    void write(Path file, String name, String cnnTitle, String finalTitle) throws IOException {
        String[] titles = {name, "Labels", cnnTitle, finalTitle};
        int pad = 10;
        int title = 24;
        int legend = 22 * ((classes.count() + 2) / 3) + 10;
        BufferedImage img = new BufferedImage(pad + 4 * (fw + pad), title + fh + legend + 2 * pad, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        for (int p = 0; p < 4; p++) {
            int x0 = pad + p * (fw + pad);
            BufferedImage panel = new BufferedImage(fw, fh, BufferedImage.TYPE_INT_RGB);
            panel.setRGB(0, 0, fw, fh, panels[p], 0, fw);
            g.drawImage(panel, x0, pad + title, null);
            g.setColor(Color.DARK_GRAY);
            g.drawRect(x0 - 1, pad + title - 1, fw + 1, fh + 1);
            g.drawString(titles[p], x0, pad + 16);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int y = pad + title + fh + 12;
        for (int c = 0; c < classes.count(); c++) {
            int x = pad + (c % 3) * 220;
            int yy = y + (c / 3) * 22;
            g.setColor(new Color(classes.rgb(c)));
            g.fillRect(x, yy, 16, 16);
            g.setColor(Color.DARK_GRAY);
            g.drawRect(x, yy, 16, 16);
            g.drawString(classes.value(c) + " " + classes.name(c), x + 22, yy + 13);
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }
}
