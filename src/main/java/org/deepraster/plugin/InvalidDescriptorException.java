package org.deepraster.plugin;

import java.util.List;

/**
 * A {@code plugin-descriptor.xml} that cannot be used. {@link #problems()} lists every problem
 * found, each naming the source and, where known, the line.
 */
public class InvalidDescriptorException extends Exception {
    private final String source;
    private final List<String> problems;

    public InvalidDescriptorException(String source, List<String> problems) {
        super("Plugin descriptor " + source + " is refused: " + String.join("; ", problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** Where the descriptor came from (a URL, a jar or a folder). */
    public String source() {
        return source;
    }

    /** The problems, one message each (without the source). */
    public List<String> problems() {
        return problems;
    }
}
