package org.deepraster.tool.assess;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Class labels as text: attribute values and raster values made comparable. */
final class Labels {
    private Labels() {
    }

    /**
     * The label of an attribute value: null or blank gives null; a whole number gives its digits
     * ({@code 2}, {@code 2L} and {@code 2.0} are all "2"); anything else its trimmed text.
     */
    static String text(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d)) {
                return null;
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            return Double.toString(d);
        }
        String s = v.toString().trim();
        return s.isEmpty() ? null : s;
    }

    /** The label with a class value replaced by its name ({@code names}: value text to name). */
    static String named(String label, Map<String, String> names) {
        if (label == null) {
            return null;
        }
        String n = names.get(label);
        return n != null ? n : label;
    }

    /**
     * The classes in report order: those of {@code preferred} (the model's, in its order) that occur,
     * then the others: numerically when all are numbers, else alphabetically (case-insensitive).
     */
    static List<String> order(Collection<String> found, List<String> preferred) {
        Set<String> left = new LinkedHashSet<>(found);
        List<String> out = new ArrayList<>();
        for (String p : preferred) {
            if (left.remove(p)) {
                out.add(p);
            }
        }
        List<String> rest = new ArrayList<>(left);
        boolean numeric = rest.stream().allMatch(Labels::isNumber);
        if (numeric) {
            rest.sort((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b)));
        } else {
            rest.sort((a, b) -> {
                int c = a.toLowerCase(Locale.ROOT).compareTo(b.toLowerCase(Locale.ROOT));
                return c != 0 ? c : a.compareTo(b);
            });
        }
        out.addAll(rest);
        return out;
    }

    static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
