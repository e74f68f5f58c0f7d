package org.deepraster.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Version strings of plugins and of the host: numbers separated by dots, optionally followed by a
 * qualifier after a hyphen ({@code 1}, {@code 1.2}, {@code 1.2.10}, {@code 0.1.0-SNAPSHOT},
 * {@code 2.0.0-rc.1}).
 *
 * <p>Ordering: numeric parts compare as numbers ({@code 1.2.10 > 1.2.9}); missing parts count as
 * zero ({@code 1.2 == 1.2.0}); a version with a qualifier comes before the same version without
 * one ({@code 1.0.0-SNAPSHOT < 1.0.0}); two qualifiers compare as text, ignoring case.
 */
public final class Versions {

    private static final Pattern VALID = Pattern.compile("\\d+(\\.\\d+)*(-[0-9A-Za-z][0-9A-Za-z.\\-]*)?");

    private Versions() {
    }

    /** Whether {@code version} is a version string this class understands. */
    public static boolean isValid(String version) {
        if (version == null || !VALID.matcher(version.trim()).matches()) {
            return false;
        }
        for (String part : withoutQualifier(version).split("\\.")) {
            if (part.length() > 18) {
                return false; // does not fit a long
            }
        }
        return true;
    }

    /**
     * Compares two valid versions.
     *
     * @throws IllegalArgumentException if either is not {@link #isValid valid}
     */
    public static int compare(String a, String b) {
        Parsed pa = parse(a);
        Parsed pb = parse(b);
        int n = Math.max(pa.numbers.size(), pb.numbers.size());
        for (int i = 0; i < n; i++) {
            long x = i < pa.numbers.size() ? pa.numbers.get(i) : 0;
            long y = i < pb.numbers.size() ? pb.numbers.get(i) : 0;
            if (x != y) {
                return Long.compare(x, y);
            }
        }
        if (pa.qualifier.isEmpty() || pb.qualifier.isEmpty()) {
            // the release sorts after its pre-release (e.g. -SNAPSHOT)
            return Boolean.compare(pa.qualifier.isEmpty(), pb.qualifier.isEmpty());
        }
        return Integer.signum(pa.qualifier.compareToIgnoreCase(pb.qualifier));
    }

    /**
     * Whether a host of version {@code hostVersion} satisfies a plugin's {@code minHostVersion}.
     * A development build of the host ({@code 0.2.0-SNAPSHOT}) counts as the version it is
     * building, so plugins that need {@code 0.2.0} run on it; otherwise this is
     * {@code compare(host, min) >= 0}.
     */
    public static boolean satisfies(String hostVersion, String minHostVersion) {
        return compare(withoutQualifier(hostVersion), minHostVersion) >= 0;
    }

    private static String withoutQualifier(String version) {
        String v = version.trim();
        int dash = v.indexOf('-');
        return dash < 0 ? v : v.substring(0, dash);
    }

    private record Parsed(List<Long> numbers, String qualifier) {
    }

    private static Parsed parse(String version) {
        if (!isValid(version)) {
            throw new IllegalArgumentException("not a version: '" + version
                    + "' (expected numbers separated by dots, e.g. 1.2.0 or 1.2.0-SNAPSHOT)");
        }
        String v = version.trim();
        int dash = v.indexOf('-');
        String numbers = dash < 0 ? v : v.substring(0, dash);
        String qualifier = dash < 0 ? "" : v.substring(dash + 1);
        List<Long> parts = new ArrayList<>();
        for (String p : numbers.split("\\.")) {
            try {
                parts.add(Long.parseLong(p));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("version part too large in '" + version + "'");
            }
        }
        return new Parsed(parts, qualifier);
    }
}
