package org.deepraster.tool.exporttrainingdata;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.deepraster.model.ClassInfo;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataParameters.MetadataFormat;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataTool.ChipObject;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataTool.ChipResult;

/** What Export Training Data counts over the chips it writes, for the metadata files (writer thread). */
final class ExportStatistics {
    /** By class value: labels, chips, pixels. */
    final Map<Integer, long[]> perClass = new TreeMap<>();
    /** By class value: min, max, sum of the features' map areas. */
    final Map<Integer, double[]> areas = new TreeMap<>();
    long featuresMin = Long.MAX_VALUE;
    long featuresMax;
    long featuresSum;
    final double[] bandSum;
    final double[] bandSq;
    final double[] bandMin;
    final double[] bandMax;
    long bandN;

    ExportStatistics(int bands) {
        bandSum = new double[bands];
        bandSq = new double[bands];
        bandMin = new double[bands];
        bandMax = new double[bands];
        Arrays.fill(bandMin, Double.POSITIVE_INFINITY);
        Arrays.fill(bandMax, Double.NEGATIVE_INFINITY);
    }

    /** Adds a written chip; a classified raster's classes are added to {@code classes} as they are found. */
    void count(ChipResult r, MetadataFormat fmt, Map<Integer, ClassInfo> classes, int[] pal) {
        Map<Integer, Integer> inChip = new TreeMap<>();
        if (fmt == MetadataFormat.Classified_Tiles || fmt == MetadataFormat.RCNN_Masks) {
            for (Map.Entry<Integer, Long> e : r.classPixels().entrySet()) {
                long[] c = perClass.computeIfAbsent(e.getKey(), k -> new long[3]);
                c[2] += e.getValue();
                inChip.putIfAbsent(e.getKey(), 0);
                if (!classes.containsKey(e.getKey())) { // a classified raster's classes are found here
                            int v = e.getKey();
                    ClassInfo ci = TrainingLabels.color(v, String.valueOf(v), classes.size());
                    if (pal != null && v >= 0 && v < pal.length) {
                        ci = new ClassInfo(v, ci.name(), pal[v] >> 16 & 255, pal[v] >> 8 & 255, pal[v] & 255);
                    }
                    classes.put(v, ci);
                }
            }
        }
        if (fmt != MetadataFormat.Classified_Tiles || r.classPixels().isEmpty()) {
            for (ChipObject o : r.objects()) {
                inChip.merge(o.classValue(), 1, Integer::sum);
                double[] a = areas.computeIfAbsent(o.classValue(), k -> new double[] {Double.POSITIVE_INFINITY, 0, 0});
                a[0] = Math.min(a[0], o.mapArea());
                a[1] = Math.max(a[1], o.mapArea());
                a[2] += o.mapArea();
            }
        }
        for (Map.Entry<Integer, Integer> e : inChip.entrySet()) {
            long[] c = perClass.computeIfAbsent(e.getKey(), k -> new long[3]);
            c[0] += fmt == MetadataFormat.Classified_Tiles && !r.classPixels().isEmpty() ? 1 : e.getValue();
            c[1]++;
        }
        long n = r.objects().size();
        featuresMin = Math.min(featuresMin, n);
        featuresMax = Math.max(featuresMax, n);
        featuresSum += n;
        for (int b = 0; b < bandSum.length; b++) {
            bandSum[b] += r.bandSum()[b];
            bandSq[b] += r.bandSumSq()[b];
            bandMin[b] = Math.min(bandMin[b], r.bandMin()[b]);
            bandMax[b] = Math.max(bandMax[b], r.bandMax()[b]);
        }
        bandN += r.validPixels();
    }
}
