package org.deepraster.sample;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** What {@code sample-rivers} writes besides the GeoTIFFs: NumPy arrays for the training script, PNG previews. */
final class RiverExtras {
    private RiverExtras() {
    }

    /** A {@code .npy} (format 1.0) of uint8 {@code [h][w][bands]} (pixel-interleaved) from band-sequential data. */
    static void writeNpy(Path file, byte[] bandSequential, int h, int w, int bands) throws IOException {
        String shape = bands == 1 ? "(" + h + ", " + w + ")" : "(" + h + ", " + w + ", " + bands + ")";
        StringBuilder header = new StringBuilder("{'descr': '|u1', 'fortran_order': False, 'shape': " + shape + ", }");
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        byte[] data = new byte[h * w * bands];
        int plane = h * w;
        for (int i = 0; i < plane; i++) {
            for (int b = 0; b < bands; b++) {
                data[i * bands + b] = bandSequential[b * plane + i];
            }
        }
        try (OutputStream o = Files.newOutputStream(file)) {
            o.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            int n = header.length();
            o.write(new byte[] {(byte) n, (byte) (n >> 8)});
            o.write(header.toString().getBytes(StandardCharsets.US_ASCII));
            o.write(data);
        }
    }

    /** The image and its labels (in the classes' colours) side by side. */
    static void writePreview(Path file, RiverScene.Pixels px) throws IOException {
        int w = px.width();
        int h = px.height();
        int plane = w * h;
        int[] colours = new int[256];
        for (SampleScene.LandCoverClass c : RiverScene.CLASSES) {
            colours[c.value()] = c.rgb();
        }
        BufferedImage img = new BufferedImage(2 * w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                img.setRGB(x, y, (px.rgb()[i] & 0xFF) << 16 | (px.rgb()[plane + i] & 0xFF) << 8 | (px.rgb()[2 * plane + i] & 0xFF));
                img.setRGB(w + x, y, colours[px.labels()[i] & 0xFF]);
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }
}
