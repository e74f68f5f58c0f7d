package org.deepraster.sample;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic drone image of a river corridor with its label raster, deterministic for a seed: a meandering
 * channel (water, lighter and browner in the shallows), dry sediment bars on the inner banks and as islands,
 * floodplain vegetation in green and senescent patches, and a paved road crossing the valley (a bridge over the
 * water). The five classes are those of the fluvial self-supervised classification literature. Each image draws
 * its own {@link Radiometry}: exposure, white balance, haze and season, so that a model that learnt the colours of
 * some images does not transfer for free to the others.
 *
 * <p>{@link #render()} gives the RGB samples and the class of every pixel; {@link RiverScenes} writes them as
 * GeoTIFFs in the original's naming ({@code NAME.tif} and {@code SCLS_NAME.tif}).
 */
public final class RiverScene {
    public static final int WATER = 1;
    public static final int SEDIMENT = 2;
    public static final int GREEN = 3;
    public static final int SENESCENT = 4;
    public static final int ROAD = 5;

    /** The classes: value, name, display colour. */
    public static final List<SampleScene.LandCoverClass> CLASSES = List.of(
            new SampleScene.LandCoverClass(WATER, "Water", 0x2850B4),
            new SampleScene.LandCoverClass(SEDIMENT, "Dry sediment", 0xD2BE8C),
            new SampleScene.LandCoverClass(GREEN, "Green vegetation", 0x3C9632),
            new SampleScene.LandCoverClass(SENESCENT, "Senescent vegetation", 0xB48C3C),
            new SampleScene.LandCoverClass(ROAD, "Paved road", 0x606060));

    /**
     * How the camera and the season saw this image: {@code gain} (exposure), per-channel white balance, haze (0 =
     * none: the share of a bright bluish veil mixed in), season (-1 spring: everything greener, +1 late summer:
     * green vegetation yellower, senescent drier), and contrast about mid-grey.
     */
    public record Radiometry(double gain, double[] whiteBalance, double haze, double season, double contrast) {
        /** The reference look (the colours below unchanged). */
        public static final Radiometry NEUTRAL = new Radiometry(1, new double[] {1, 1, 1}, 0, 0, 1);

        /** A random look: gain 0.75-1.25, white balance 0.88-1.12 per channel, haze 0-0.25, season -1..1. */
        public static Radiometry random(SplittableRandom r) {
            return new Radiometry(0.75 + 0.5 * r.nextDouble(),
                    new double[] {0.88 + 0.24 * r.nextDouble(), 0.88 + 0.24 * r.nextDouble(), 0.88 + 0.24 * r.nextDouble()},
                    0.25 * r.nextDouble(),
                    -1 + 2 * r.nextDouble(), 0.85 + 0.3 * r.nextDouble());
        }

        public String describe() {
            return String.format(java.util.Locale.ROOT, "gain %.2f, white balance %.2f/%.2f/%.2f, haze %.2f, season %+.2f, "
                    + "contrast %.2f", gain, whiteBalance[0], whiteBalance[1], whiteBalance[2], haze, season, contrast);
        }
    }

    /** The pixels: {@code rgb} band-sequential ({@code [band][y][x]}, 8-bit), {@code labels} one class value a pixel. */
    public record Pixels(int width, int height, byte[] rgb, byte[] labels) {
    }

    private final int width;
    private final int height;
    private final long seed;
    private final Radiometry look;

    public RiverScene(int width, int height, long seed, Radiometry look) {
        if (width < 64 || height < 64) {
            throw new IllegalArgumentException("a river scene needs at least 64 x 64 px, not " + width + " x " + height);
        }
        this.width = width;
        this.height = height;
        this.seed = seed;
        this.look = look;
    }

    public Radiometry radiometry() {
        return look;
    }

    public Pixels render() {
        SplittableRandom r = new SplittableRandom(seed);
        double s = Math.min(width, height); // the valley's scale
        // the channel: a meandering centre line across the longer side
        double amp = s * (0.10 + 0.12 * r.nextDouble());
        double wave = width * (0.45 + 0.5 * r.nextDouble());
        double phase = r.nextDouble() * 2 * Math.PI;
        double amp2 = s * 0.05 * r.nextDouble();
        double wave2 = width * (0.2 + 0.2 * r.nextDouble());
        double centre = height * (0.35 + 0.3 * r.nextDouble());
        double halfWidth = s * (0.07 + 0.06 * r.nextDouble());
        double bar = s * (0.08 + 0.08 * r.nextDouble());
        // the road: a straight line at an angle across the valley
        double roadAngle = Math.PI / 2 + (r.nextDouble() - 0.5) * 1.2;
        double roadX = width * (0.2 + 0.6 * r.nextDouble());
        double roadHalf = Math.max(6, s * (0.04 + 0.02 * r.nextDouble()));
        double rcos = Math.cos(roadAngle);
        double rsin = Math.sin(roadAngle);
        Noise patches = new Noise(r.nextLong(), s * 0.18);
        Noise bars = new Noise(r.nextLong(), s * 0.12);
        Noise fine = new Noise(r.nextLong(), 3.0);
        Noise mid = new Noise(r.nextLong(), 14.0);
        Noise depth = new Noise(r.nextLong(), s * 0.08);
        SplittableRandom grain = new SplittableRandom(r.nextLong());
        double[][] base = seasonColours(look.season());

        int plane = width * height;
        byte[] rgb = new byte[3 * plane];
        byte[] labels = new byte[plane];
        double[] c = new double[3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double cy = centre + amp * Math.sin(2 * Math.PI * x / wave + phase) + amp2 * Math.sin(2 * Math.PI * x / wave2);
                double slope = amp * 2 * Math.PI / wave * Math.cos(2 * Math.PI * x / wave + phase);
                double d = (y - cy) / Math.sqrt(1 + slope * slope); // signed distance to the centre line
                double hw = halfWidth * (0.8 + 0.4 * bars.at(x * 0.5, 7));
                int cls;
                double shallow = 0;
                if (Math.abs(d) < hw) {
                    cls = WATER;
                    shallow = Math.abs(d) / hw;
                    // islands: sediment where the bar noise peaks in mid channel
                    if (bars.at(x, y) > 0.78 && Math.abs(d) < hw * 0.5) {
                        cls = SEDIMENT;
                    }
                } else {
                    // bars on the inner bank of each bend (the side towards which the centre line curves)
                    boolean inner = Math.signum(d) == -Math.signum(Math.sin(2 * Math.PI * x / wave + phase));
                    double reach = (inner ? bar : bar * 0.35) * (0.4 + 0.9 * bars.at(x, y));
                    if (Math.abs(d) < hw + reach) {
                        cls = SEDIMENT;
                    } else {
                        cls = patches.at(x, y) + 0.15 * mid.at(x, y) > 0.62 ? SENESCENT : GREEN;
                    }
                }
                double along = (x - roadX) * rsin - y * rcos; // distance across the road
                if (Math.abs(along) < roadHalf) {
                    cls = ROAD;
                }
                colour(cls, base, shallow, fine.at(x, y), mid.at(x, y), depth.at(x, y), grain.nextDouble(), c);
                int i = y * width + x;
                labels[i] = (byte) cls;
                for (int b = 0; b < 3; b++) {
                    rgb[b * plane + i] = (byte) clamp(applyLook(c[b], b));
                }
            }
        }
        return new Pixels(width, height, rgb, labels);
    }

    /** Reference colours by class (index = value), shifted by the season. */
    static double[][] seasonColours(double season) {
        double[][] c = new double[6][];
        c[WATER] = new double[] {52, 84, 98};
        c[SEDIMENT] = new double[] {184, 174, 152};
        double g = Math.max(0, season); // late summer: green yellows
        double sp = Math.max(0, -season); // spring: greener, senescent less dry
        c[GREEN] = new double[] {66 + 30 * g - 8 * sp, 118 + 6 * g + 8 * sp, 48 + 4 * g};
        c[SENESCENT] = new double[] {150 + 14 * g - 18 * sp, 134 + 2 * g + 6 * sp, 82 - 10 * g + 4 * sp};
        c[ROAD] = new double[] {96, 96, 102};
        return c;
    }

    private static void colour(int cls, double[][] base, double shallow, double fine, double mid, double depth,
                               double grain, double[] out) {
        double[] b = base[cls];
        double bright;
        switch (cls) {
            case WATER -> {
                // shallows near the banks: lighter and browner
                double sh = Math.pow(shallow, 3) * 0.7 + 0.15 * depth;
                out[0] = b[0] + 60 * sh;
                out[1] = b[1] + 40 * sh;
                out[2] = b[2] + 10 * sh;
                bright = 1 + 0.04 * (fine - 0.5) + (grain > 0.997 ? 0.6 : 0); // glints
            }
            case SEDIMENT -> {
                System.arraycopy(b, 0, out, 0, 3);
                bright = 1 + 0.22 * (grain - 0.5) + 0.12 * (mid - 0.5);
            }
            case GREEN, SENESCENT -> {
                System.arraycopy(b, 0, out, 0, 3);
                bright = 1 + 0.45 * (fine - 0.5) + 0.2 * (mid - 0.5) + 0.12 * (grain - 0.5);
            }
            default -> { // road
                System.arraycopy(b, 0, out, 0, 3);
                bright = 1 + 0.08 * (grain - 0.5) + 0.05 * (mid - 0.5);
            }
        }
        for (int i = 0; i < 3; i++) {
            out[i] *= bright;
        }
    }

    private double applyLook(double v, int band) {
        double x = ((v - 128) * look.contrast() + 128) * look.gain() * look.whiteBalance()[band];
        double hazeColour = band == 2 ? 215 : band == 1 ? 205 : 198;
        return x * (1 - look.haze()) + hazeColour * look.haze();
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** Smooth value noise in [0, 1]: a hashed lattice of cell {@code scale} px, two octaves, smoothstep between. */
    static final class Noise {
        private final long seed;
        private final double scale;

        Noise(long seed, double scale) {
            this.seed = seed;
            this.scale = scale;
        }

        double at(double x, double y) {
            return 0.7 * octave(x / scale, y / scale, seed) + 0.3 * octave(x * 2.3 / scale, y * 2.3 / scale, seed * 31 + 7);
        }

        private static double octave(double x, double y, long seed) {
            int x0 = (int) Math.floor(x);
            int y0 = (int) Math.floor(y);
            double fx = smooth(x - x0);
            double fy = smooth(y - y0);
            double a = lattice(x0, y0, seed);
            double b = lattice(x0 + 1, y0, seed);
            double c = lattice(x0, y0 + 1, seed);
            double d = lattice(x0 + 1, y0 + 1, seed);
            return (a + (b - a) * fx) * (1 - fy) + (c + (d - c) * fx) * fy;
        }

        private static double smooth(double t) {
            return t * t * (3 - 2 * t);
        }

        private static double lattice(int x, int y, long seed) {
            long h = seed ^ (x * 0x9E3779B97F4A7C15L) ^ (y * 0xC2B2AE3D27D4EB4FL);
            h ^= h >>> 33;
            h *= 0xFF51AFD7ED558CCDL;
            h ^= h >>> 33;
            h *= 0xC4CEB9FE1A85EC53L;
            h ^= h >>> 33;
            return (h >>> 11) * 0x1.0p-53;
        }
    }
}
