package org.deepraster.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * THIRD-PARTY.md names every jar the build resolves, and only those: the jars on the test
 * classpath (runtime and test dependencies; {@code java.class.path} under surefire) are read back
 * as groupId:artifactId:version from their place in the Maven repository. No listed licence may
 * be GPL only.
 */
class ThirdPartyListTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([^`:]+:[^`:]+:[^`:]+)` \\| ([^|]+) \\| ([^|]+) \\|");

    /** A row of the list: the licence and scope columns as written. */
    record Listed(String licence, String scope) {
        /** Rows for one Maven profile (or for builds without it) need not be resolved in every build. */
        boolean optional() {
            return scope.contains("profile");
        }
    }

    static Map<String, Listed> listed() throws IOException {
        String base = System.getProperty("basedir", "");
        Map<String, Listed> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(base, "THIRD-PARTY.md"))) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                out.put(m.group(1), new Listed(m.group(2).trim(), m.group(3).trim()));
            }
        }
        return out;
    }

    /** groupId:artifactId:version of each jar on the classpath; a jar outside the repository as its path. */
    static Set<String> resolved() {
        Path repo = Path.of(System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString())).toAbsolutePath().normalize();
        Set<String> out = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path").split(Pattern.quote(File.pathSeparator))) {
            Path jar = Path.of(entry).toAbsolutePath().normalize();
            if (!entry.endsWith(".jar")) {
                continue; // target/classes, target/test-classes
            }
            if (!jar.startsWith(repo) || repo.relativize(jar).getNameCount() < 4) {
                out.add(jar.toString());
                continue;
            }
            Path rel = repo.relativize(jar);
            int n = rel.getNameCount();
            String version = rel.getName(n - 2).toString();
            String artifact = rel.getName(n - 3).toString();
            String group = rel.subpath(0, n - 3).toString().replace(File.separatorChar, '.');
            out.add(group + ":" + artifact + ":" + version);
        }
        return out;
    }

    @Test
    void everyResolvedJarIsListedAndEveryListedOneIsResolved() throws IOException {
        Map<String, Listed> listed = listed();
        Set<String> resolved = resolved();
        assertThat(listed).as("rows read from THIRD-PARTY.md").hasSizeGreaterThan(30);
        assertThat(resolved).as("jars on java.class.path").contains("info.picocli:picocli:4.7.7");

        List<String> missing = new ArrayList<>(resolved);
        missing.removeAll(listed.keySet());
        List<String> gone = listed.entrySet().stream()
                .filter(e -> !e.getValue().optional() && !resolved.contains(e.getKey()))
                .map(Map.Entry::getKey).toList();
        assertThat(missing.isEmpty() && gone.isEmpty())
                .as("THIRD-PARTY.md is out of date.%n"
                        + "Resolved by the build but not listed (add a row: `groupId:artifactId:version` | licence | runtime or test | notes): %s%n"
                        + "Listed but no longer resolved (remove the row or fix its version): %s", missing, gone)
                .isTrue();
    }

    @Test
    void noLicenceIsGplOnly() throws IOException {
        List<String> gplOnly = listed().entrySet().stream()
                .filter(e -> gplOnly(e.getValue().licence()))
                .map(e -> e.getKey() + " (" + e.getValue().licence() + ")").toList();
        assertThat(gplOnly).as("dependencies whose only licence is the GPL: DeepRaster is Apache-2.0").isEmpty();
    }

    @Test
    void theGplRuleSeesGpl() {
        assertThat(gplOnly("GPL-3.0-only")).isTrue();
        assertThat(gplOnly("AGPL-3.0-or-later")).isTrue();
        assertThat(gplOnly("GPL-2.0-only OR Apache-2.0")).isFalse();
        assertThat(gplOnly("GPL-2.0-only WITH Classpath-exception-2.0")).isFalse();
        assertThat(gplOnly("LGPL-2.1-only")).isFalse();
        assertThat(gplOnly("Apache-2.0")).isFalse();
    }

    /** True when every alternative ({@code OR}) of the licence is a GPL or AGPL without the Classpath exception. */
    static boolean gplOnly(String licence) {
        return Arrays.stream(licence.split("\\s+OR\\s+"))
                .allMatch(l -> l.matches("(?i).*\\bA?GPL\\b.*|(?i).*\\bA?GPL-.*") && !l.contains("Classpath-exception"));
    }
}
