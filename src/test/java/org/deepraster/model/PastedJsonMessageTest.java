package org.deepraster.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.deepraster.util.UserException;
import org.junit.jupiter.api.Test;

/** A cut-off pasted definition is reported in words, without the JSON parser's internals. */
class PastedJsonMessageTest {
    @Test
    void aTruncatedPastedDefinitionSaysWhereAndThatItEndsTooEarly() {
        UserException e = catchThrowableOfType(UserException.class,
                () -> ModelDefinitions.load("{\"Framework\": \"ONNX\", \"Classes\": [", ModelDefinitions.Options.strict()));
        assertThat(e.userMessage()).contains("not valid JSON at line 1").contains("ends too early")
                .doesNotContain("StreamReadFeature").doesNotContain("[Source:").doesNotContain("REDACTED");
    }

    @Test
    void otherParserMessagesKeepTheirWords() {
        assertThat(EmdParser.plain("Unexpected character ('}' (code 125)): was expecting double-quote to start field name\n"
                + " at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 3]"))
                .startsWith("Unexpected character ('}'").doesNotContain("Source");
    }
}
