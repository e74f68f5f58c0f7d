package org.deepraster.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PluginDescriptorReaderTest {

    static final String GOOD = """
            <?xml version="1.0" encoding="UTF-8"?>
            <plugin id="sample" name="Sample Plugin" version="1.2.10" min-host-version="0.1.0">
              <entry-class>org.example.SamplePlugin</entry-class>
              <description>  Does
                 sample things.  </description>
              <tools>
                <tool id="one" name="Tool One" icon="/icons/one.svg" category="Cat A">
                  <description>The first tool.</description>
                </tool>
                <tool id="two" name="Tool Two"/>
              </tools>
            </plugin>
            """;

    static PluginDescriptorReader.Result read(String xml) throws InvalidDescriptorException {
        return PluginDescriptorReader.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "test.xml");
    }

    static InvalidDescriptorException refused(String xml) {
        try {
            read(xml);
        } catch (InvalidDescriptorException e) {
            return e;
        }
        throw new AssertionError("descriptor was accepted:\n" + xml);
    }

    @Test
    void readsAGoodDescriptor() throws Exception {
        PluginDescriptorReader.Result r = read(GOOD);
        PluginDescriptor d = r.descriptor();
        assertThat(r.warnings()).isEmpty();
        assertThat(d.id()).isEqualTo("sample");
        assertThat(d.name()).isEqualTo("Sample Plugin");
        assertThat(d.version()).isEqualTo("1.2.10");
        assertThat(d.minHostVersion()).isEqualTo("0.1.0");
        assertThat(d.entryClass()).isEqualTo("org.example.SamplePlugin");
        assertThat(d.description()).isEqualTo("Does sample things.");
        assertThat(d.source()).isEqualTo("test.xml");
        assertThat(d.tools()).containsExactly(
                new ToolDescriptor("one", "Tool One", "icons/one.svg", "Cat A", "The first tool."),
                new ToolDescriptor("two", "Tool Two", null, PluginDescriptorReader.DEFAULT_CATEGORY, ""));
    }

    @Test
    void theRepositoryDescriptorDeclaresTheDeepLearningTools() throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(PluginManager.DESCRIPTOR_RESOURCE)) {
            assertThat(in).as("plugin-descriptor.xml copied into the build output").isNotNull();
            PluginDescriptorReader.Result r = PluginDescriptorReader.read(in, "plugin-descriptor.xml");
            assertThat(r.warnings()).isEmpty();
            PluginDescriptor d = r.descriptor();
            assertThat(d.entryClass()).isEqualTo("org.deepraster.toolbox.DeepLearningPlugin");
            assertThat(d.tools()).extracting(ToolDescriptor::id).containsExactly(
                    "classify-objects", "detect-objects", "classify-pixels", "export-training-data", "non-max-suppression",
                    "accuracy-assessment", "raster-to-polygons", "self-supervised-classification");
            assertThat(d.tools()).extracting(ToolDescriptor::name).containsExactly(
                    "Classify Objects", "Detect Objects", "Classify Pixels", "Export Training Data",
                    "Non Maximum Suppression", "Accuracy Assessment", "Raster to Polygons",
                    "Self-Supervised Classification");
            assertThat(d.tools()).allSatisfy(t -> {
                assertThat(t.category()).isEqualTo("Deep Learning");
                assertThat(t.description()).isNotBlank();
                assertThat(getClass().getClassLoader().getResource(t.icon())).as(t.icon()).isNotNull();
            });
        }
    }

    @Test
    void malformedXmlNamesTheLine() {
        InvalidDescriptorException e = refused("""
                <plugin id="x" name="X" version="1">
                  <entry-class>a.B</entry-class>
                  <tools>
                </plugin>
                """);
        assertThat(e.getMessage()).startsWith("Plugin descriptor test.xml is refused:");
        assertThat(e.problems()).singleElement().asString().startsWith("malformed XML at line 4");
    }

    @Test
    void notXmlAtAll() {
        assertThat(refused("this is not xml").problems()).singleElement().asString().startsWith("malformed XML");
        assertThat(refused("").problems()).singleElement().asString().startsWith("malformed XML");
    }

    @Test
    void wrongRootElement() {
        assertThat(refused("<plugins/>").problems())
                .containsExactly("line 1: the root element must be <plugin>, found <plugins>");
    }

    @Test
    void missingAndBlankRequiredAttributes() {
        assertThat(refused("<plugin name='X' version='1'><entry-class>a.B</entry-class></plugin>").problems())
                .containsExactly("line 1: <plugin> attribute 'id' is missing");
        assertThat(refused("<plugin id=' ' name='X' version='1'><entry-class>a.B</entry-class></plugin>").problems())
                .containsExactly("line 1: <plugin> attribute 'id' is blank");
        assertThat(refused("<plugin id='x' version='1'><entry-class>a.B</entry-class></plugin>").problems())
                .containsExactly("line 1: <plugin> attribute 'name' is missing");
        assertThat(refused("<plugin id='x' name='' version='1'><entry-class>a.B</entry-class></plugin>").problems())
                .containsExactly("line 1: <plugin> attribute 'name' is blank");
        assertThat(refused("<plugin id='x' name='X'><entry-class>a.B</entry-class></plugin>").problems())
                .containsExactly("line 1: <plugin> attribute 'version' is missing");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThat(refused("<plugin>\n</plugin>").problems()).containsExactly(
                "line 1: <plugin> attribute 'id' is missing",
                "line 1: <plugin> attribute 'name' is missing",
                "line 1: <plugin> attribute 'version' is missing",
                "line 1: <entry-class> is missing (the class implementing org.deepraster.plugin.Plugin)");
    }

    @Test
    void badIds() {
        assertThat(refused("<plugin id='my plugin' name='X' version='1'><entry-class>a.B</entry-class></plugin>")
                .problems()).singleElement().asString().contains("id 'my plugin' may only hold letters");
    }

    @Test
    void badVersions() {
        assertThat(refused("<plugin id='x' name='X' version='v1'><entry-class>a.B</entry-class></plugin>").problems())
                .containsExactly("line 1: <plugin> version 'v1' is not a version (expected e.g. 1.2.0 or 1.2.0-SNAPSHOT)");
        assertThat(refused("<plugin id='x' name='X' version='1' min-host-version='latest'>"
                + "<entry-class>a.B</entry-class></plugin>").problems())
                .containsExactly("line 1: <plugin> min-host-version 'latest' is not a version "
                        + "(expected e.g. 1.2.0 or 1.2.0-SNAPSHOT)");
        assertThat(refused("<plugin id='x' name='X' version='1' min-host-version=''>"
                + "<entry-class>a.B</entry-class></plugin>").problems()).singleElement().asString()
                .contains("'min-host-version' is blank");
    }

    @Test
    void entryClassMissingBlankTwiceOrMalformed() {
        assertThat(refused("<plugin id='x' name='X' version='1'/>").problems())
                .containsExactly("line 1: <entry-class> is missing (the class implementing org.deepraster.plugin.Plugin)");
        assertThat(refused("<plugin id='x' name='X' version='1'><entry-class>  </entry-class></plugin>").problems())
                .containsExactly("line 1: <entry-class> is blank");
        assertThat(refused("<plugin id='x' name='X' version='1'><entry-class>a.B c</entry-class></plugin>").problems())
                .containsExactly("line 1: <entry-class> 'a.B c' is not a Java class name");
        assertThat(refused("<plugin id='x' name='X' version='1'>\n<entry-class>a.B</entry-class>\n"
                + "<entry-class>a.C</entry-class></plugin>").problems())
                .containsExactly("line 3: <entry-class> is given more than once");
    }

    @Test
    void duplicateToolIds() {
        assertThat(refused("""
                <plugin id="x" name="X" version="1">
                  <entry-class>a.B</entry-class>
                  <tools>
                    <tool id="t" name="T"/>
                    <tool id="t" name="T again"/>
                  </tools>
                </plugin>
                """).problems()).containsExactly("line 5: duplicate tool id 't' (first declared at line 4)");
    }

    @Test
    void toolsNeedIdAndName() {
        assertThat(refused("""
                <plugin id="x" name="X" version="1">
                  <entry-class>a.B</entry-class>
                  <tools><tool name="T"/>
                    <tool id="u"/></tools>
                </plugin>
                """).problems()).containsExactly(
                "line 3: <tool> attribute 'id' is missing",
                "line 4: <tool> attribute 'name' is missing");
    }

    @Test
    void unknownElementsAndAttributesAreWarnings() throws Exception {
        PluginDescriptorReader.Result r = read("""
                <plugin id="x" name="X" version="1" vendor="ACME">
                  <entry-class>a.B</entry-class>
                  <homepage>https://example.org</homepage>
                  <tools><tool id="t" name="T" colour="red"><help>h</help></tool></tools>
                </plugin>
                """);
        assertThat(r.descriptor().tools()).hasSize(1);
        assertThat(r.warnings()).containsExactly(
                "line 1: unknown attribute 'vendor' of <plugin> ignored",
                "line 3: unknown element <homepage> ignored",
                "line 4: unknown attribute 'colour' of <tool> ignored",
                "line 4: unknown element <help> in <tool> ignored");
    }

    @Test
    void externalEntitiesAreRefused() {
        InvalidDescriptorException e = refused("""
                <?xml version="1.0"?>
                <!DOCTYPE plugin [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
                <plugin id="x" name="&secret;" version="1"><entry-class>a.B</entry-class></plugin>
                """);
        assertThat(e.problems()).containsExactly("line 2: a DTD is not allowed in a plugin descriptor");
    }
}
