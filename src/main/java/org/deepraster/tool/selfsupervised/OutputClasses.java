package org.deepraster.tool.selfsupervised;

import java.util.ArrayList;
import java.util.List;
import org.deepraster.model.ClassInfo;
import org.deepraster.raster.ClassTable;

/**
 * The model's classes as the outputs write them: class index (the CNN's output order) to value, name and colour;
 * the 8-bit palette (NoData {@value #NO_DATA}) and the GDAL class table; and label values back to class indexes.
 */
final class OutputClasses {
    static final int NO_DATA = 255;

    private final List<ClassInfo> classes;
    private final int[] indexByValue = new int[65536];

    OutputClasses(List<ClassInfo> classes) {
        this.classes = List.copyOf(classes);
        java.util.Arrays.fill(indexByValue, -1);
        for (int i = 0; i < classes.size(); i++) {
            indexByValue[classes.get(i).value()] = i;
        }
    }

    int count() {
        return classes.size();
    }

    int value(int index) {
        return classes.get(index).value();
    }

    String name(int index) {
        return classes.get(index).name();
    }

    int rgb(int index) {
        return classes.get(index).rgb();
    }

    /** The class index of a label value; -1 for values that are not a class (0, NoData, others: not scored). */
    int indexOf(int value) {
        return value < 0 || value >= indexByValue.length ? -1 : indexByValue[value];
    }

    int[] palette() {
        int[] p = new int[256];
        for (ClassInfo c : classes) {
            p[c.value()] = c.rgb();
        }
        return p;
    }

    List<ClassTable.Row> table() {
        List<ClassTable.Row> rows = new ArrayList<>();
        for (ClassInfo c : classes) {
            rows.add(new ClassTable.Row(c.value(), c.name(), c.rgb()));
        }
        return rows;
    }
}
