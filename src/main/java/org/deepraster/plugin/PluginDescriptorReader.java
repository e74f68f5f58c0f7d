package org.deepraster.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads and validates a {@code plugin-descriptor.xml}.
 *
 * <h2>Format</h2>
 * <pre>{@code
 * <plugin id="deep-learning" name="Deep Learning" version="0.1.0" min-host-version="0.1.0">
 *   <entry-class>org.deepraster.toolbox.DeepLearningPlugin</entry-class>
 *   <description>What the plugin adds.</description>
 *   <tools>
 *     <tool id="detect-objects" name="Detect Objects" category="Deep Learning"
 *           icon="org/deepraster/icons/detect-objects.svg">
 *       <description>One line saying what the tool does.</description>
 *     </tool>
 *   </tools>
 * </plugin>
 * }</pre>
 * <ul>
 * <li>{@code <plugin>} (root): {@code id}, {@code name}, {@code version} required;
 *     {@code min-host-version} optional. Ids are letters, digits, {@code . _ -}, starting with a
 *     letter or digit. Versions are numbers separated by dots with an optional {@code -qualifier}
 *     (see {@link Versions}).</li>
 * <li>{@code <entry-class>} (required, once): the fully qualified name of a class implementing
 *     {@link Plugin} with a public no-argument constructor.</li>
 * <li>{@code <description>} (optional): text; whitespace is collapsed.</li>
 * <li>{@code <tools>} (optional) holding {@code <tool>} elements: {@code id} and {@code name}
 *     required, ids unique within the plugin; {@code category} optional (default
 *     {@value #DEFAULT_CATEGORY}); {@code icon} optional, an SVG resource path relative to the
 *     plugin's classpath root; a nested {@code <description>} (optional).</li>
 * </ul>
 * Unknown elements and attributes are ignored with a warning, so that newer descriptors still
 * load. DTDs and external entities are refused (no XXE). Checks that need the plugin's classes
 * (entry class, icons, duplicate plugin ids) are made by {@link PluginManager}.
 */
public final class PluginDescriptorReader {

    /** The category of a tool whose descriptor names none. */
    public static final String DEFAULT_CATEGORY = "General";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern CLASS_NAME =
            Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
                    + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

    /** A valid descriptor and the warnings found while reading it. */
    public record Result(PluginDescriptor descriptor, List<String> warnings) {
        public Result {
            warnings = List.copyOf(warnings);
        }
    }

    private final String source;
    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private PluginDescriptorReader(String source) {
        this.source = source;
    }

    /**
     * Reads a descriptor; {@code source} names where it comes from, for messages. The stream is
     * not closed.
     *
     * @throws InvalidDescriptorException listing every problem found
     */
    public static Result read(InputStream in, String source) throws InvalidDescriptorException {
        return new PluginDescriptorReader(source).parse(in);
    }

    private Result parse(InputStream in) throws InvalidDescriptorException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        trySet(factory, XMLConstants.ACCESS_EXTERNAL_DTD, "");
        trySet(factory, XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        PluginDescriptor descriptor;
        try {
            XMLStreamReader r = factory.createXMLStreamReader(in);
            try {
                descriptor = readDocument(r);
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            errors.add(malformed(e));
            throw new InvalidDescriptorException(source, errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidDescriptorException(source, errors);
        }
        return new Result(descriptor, warnings);
    }

    private static void trySet(XMLInputFactory factory, String property, Object value) {
        try {
            factory.setProperty(property, value);
        } catch (IllegalArgumentException notSupported) {
            // other StAX implementations; DTD support is off anyway
        }
    }

    private String malformed(XMLStreamException e) {
        Location loc = e.getLocation();
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        // the JDK prefixes "ParseError at [row,col]:[3,5]\nMessage: ..."
        int m = msg.indexOf("Message: ");
        if (m >= 0) {
            msg = msg.substring(m + "Message: ".length());
        }
        if (loc != null && loc.getLineNumber() > 0) {
            return "malformed XML at line " + loc.getLineNumber() + ": " + msg.strip();
        }
        return "malformed XML: " + msg.strip();
    }

    private PluginDescriptor readDocument(XMLStreamReader r) throws XMLStreamException {
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.DTD) {
                errors.add("line " + line(r) + ": a DTD is not allowed in a plugin descriptor");
                return null;
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                if (!"plugin".equals(r.getLocalName())) {
                    errors.add("line " + line(r) + ": the root element must be <plugin>, found <"
                            + r.getLocalName() + ">");
                    return null;
                }
                return readPlugin(r);
            }
        }
        errors.add("the document has no <plugin> element");
        return null;
    }

    private PluginDescriptor readPlugin(XMLStreamReader r) throws XMLStreamException {
        int line = line(r);
        Map<String, String> attrs = attributes(r, "plugin", Set.of("id", "name", "version", "min-host-version"));
        String id = required(attrs, "id", "<plugin>", line);
        if (id != null && !ID.matcher(id).matches()) {
            errors.add("line " + line + ": <plugin> id '" + id
                    + "' may only hold letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        String name = required(attrs, "name", "<plugin>", line);
        String version = required(attrs, "version", "<plugin>", line);
        if (version != null && !Versions.isValid(version)) {
            errors.add("line " + line + ": <plugin> version '" + version
                    + "' is not a version (expected e.g. 1.2.0 or 1.2.0-SNAPSHOT)");
        }
        String minHost = attrs.get("min-host-version");
        if (minHost != null && minHost.isBlank()) {
            errors.add("line " + line + ": <plugin> attribute 'min-host-version' is blank (leave it out for no minimum)");
            minHost = null;
        } else if (minHost != null && !Versions.isValid(minHost)) {
            errors.add("line " + line + ": <plugin> min-host-version '" + minHost
                    + "' is not a version (expected e.g. 1.2.0 or 1.2.0-SNAPSHOT)");
        }
        String entryClass = null;
        int entryClassCount = 0;
        String description = "";
        List<ToolDescriptor> tools = new ArrayList<>();
        Map<String, Integer> toolLines = new HashMap<>();
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.END_ELEMENT) {
                break;
            }
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            int childLine = line(r);
            switch (r.getLocalName()) {
                case "entry-class" -> {
                    entryClassCount++;
                    entryClass = text(r);
                    if (entryClassCount == 2) {
                        errors.add("line " + childLine + ": <entry-class> is given more than once");
                    }
                }
                case "description" -> description = text(r);
                case "tools" -> readTools(r, tools, toolLines);
                default -> {
                    warnings.add("line " + childLine + ": unknown element <" + r.getLocalName() + "> ignored");
                    skip(r);
                }
            }
        }
        if (entryClassCount == 0) {
            errors.add("line " + line + ": <entry-class> is missing (the class implementing "
                    + Plugin.class.getName() + ")");
        } else if (entryClass.isEmpty()) {
            errors.add("line " + line + ": <entry-class> is blank");
            entryClass = null;
        } else if (!CLASS_NAME.matcher(entryClass).matches()) {
            errors.add("line " + line + ": <entry-class> '" + entryClass + "' is not a Java class name");
        }
        if (!errors.isEmpty()) {
            return null;
        }
        return new PluginDescriptor(id, name, version, minHost, entryClass, description, tools, source);
    }

    private void readTools(XMLStreamReader r, List<ToolDescriptor> tools, Map<String, Integer> toolLines)
            throws XMLStreamException {
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.END_ELEMENT) {
                return;
            }
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            int line = line(r);
            if (!"tool".equals(r.getLocalName())) {
                warnings.add("line " + line + ": unknown element <" + r.getLocalName() + "> in <tools> ignored");
                skip(r);
                continue;
            }
            Map<String, String> attrs = attributes(r, "tool", Set.of("id", "name", "icon", "category"));
            String id = required(attrs, "id", "<tool>", line);
            if (id != null && !ID.matcher(id).matches()) {
                errors.add("line " + line + ": <tool> id '" + id
                        + "' may only hold letters, digits, '.', '_' and '-', starting with a letter or digit");
            }
            String name = required(attrs, "name", "<tool>", line);
            String icon = blankToNull(attrs.get("icon"));
            if (icon != null && icon.startsWith("/")) {
                icon = icon.substring(1);
            }
            String category = blankToNull(attrs.get("category"));
            String description = "";
            while (r.hasNext()) {
                int e = r.next();
                if (e == XMLStreamConstants.END_ELEMENT) {
                    break;
                }
                if (e == XMLStreamConstants.START_ELEMENT) {
                    if ("description".equals(r.getLocalName())) {
                        description = text(r);
                    } else {
                        warnings.add("line " + line(r) + ": unknown element <" + r.getLocalName()
                                + "> in <tool> ignored");
                        skip(r);
                    }
                }
            }
            if (id != null) {
                Integer first = toolLines.putIfAbsent(id, line);
                if (first != null) {
                    errors.add("line " + line + ": duplicate tool id '" + id + "' (first declared at line "
                            + first + ")");
                    continue;
                }
            }
            if (id != null && name != null) {
                tools.add(new ToolDescriptor(id, name, icon,
                        category == null ? DEFAULT_CATEGORY : category, description));
            }
        }
    }

    private Map<String, String> attributes(XMLStreamReader r, String element, Set<String> known) {
        Map<String, String> attrs = new HashMap<>();
        for (int i = 0; i < r.getAttributeCount(); i++) {
            String key = r.getAttributeLocalName(i);
            if (known.contains(key)) {
                attrs.put(key, r.getAttributeValue(i).strip());
            } else {
                warnings.add("line " + line(r) + ": unknown attribute '" + key + "' of <" + element + "> ignored");
            }
        }
        return attrs;
    }

    private String required(Map<String, String> attrs, String key, String element, int line) {
        String value = attrs.get(key);
        if (value == null) {
            errors.add("line " + line + ": " + element + " attribute '" + key + "' is missing");
            return null;
        }
        if (value.isEmpty()) {
            errors.add("line " + line + ": " + element + " attribute '" + key + "' is blank");
            return null;
        }
        return value;
    }

    /** The element's text with whitespace collapsed; child elements are refused as malformed. */
    private static String text(XMLStreamReader r) throws XMLStreamException {
        return r.getElementText().strip().replaceAll("\\s+", " ");
    }

    private static void skip(XMLStreamReader r) throws XMLStreamException {
        int depth = 1;
        while (depth > 0 && r.hasNext()) {
            int e = r.next();
            if (e == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (e == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static int line(XMLStreamReader r) {
        return r.getLocation() == null ? -1 : r.getLocation().getLineNumber();
    }

    /** For messages: reading failed with an I/O error. */
    static InvalidDescriptorException unreadable(String source, IOException e) {
        return new InvalidDescriptorException(source, List.of("cannot be read: " + e.getMessage()));
    }
}
