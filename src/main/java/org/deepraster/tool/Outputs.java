package org.deepraster.tool;

import java.util.Locale;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deepraster.util.UserException;

/** The output checks the model-running tools share, with their messages. */
public final class Outputs {
    private Outputs() {
    }

    /** Throws "The output folder PARENT does not exist." when the folder that should hold {@code out} is missing. */
    public static void requireFolder(Path out) {
        Path parent = out.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new UserException("The output folder " + parent + " does not exist.", "Create the folder or choose another output.");
        }
    }

    /** "The output OUT already exists.", with the hint to rename, overwrite or resume. */
    public static UserException alreadyExists(Path out) {
        return new UserException("The output " + out + " already exists.",
                "Choose another name, allow overwriting (--overwrite), or resume the run that made it (--resume).");
    }

    /** Whether two paths name the same file (absolute and normalised; links are not followed). */
    public static boolean same(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    /** Lower-case extension without the dot ("" when none). */
    public static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
