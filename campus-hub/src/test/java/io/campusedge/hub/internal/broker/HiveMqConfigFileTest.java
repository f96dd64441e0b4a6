package io.campusedge.hub.internal.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class HiveMqConfigFileTest {
  @Test
  void windowQueueSizesAndPersistenceAreSetAndTheFileIsValidAgainstHiveMqsSchema()
      throws Exception {
    String xml =
        HiveMqConfigFile.render(
            "127.0.0.1", 18830, true, Optional.empty(), 100, 50_000, "in-memory");

    // The schema shipped in the HiveMQ CE jar: a misplaced element would stop the broker.
    var schema =
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
            .newSchema(new StreamSource(getClass().getResourceAsStream("/config.xsd")));
    schema.newValidator().validate(new StreamSource(new java.io.StringReader(xml.strip())));
    Document document =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(xml.strip().getBytes(StandardCharsets.UTF_8)));
    assertThat(text(document, "server-receive-maximum")).isEqualTo("100");
    assertThat(text(document, "max-queue-size")).isEqualTo("50000");
    assertThat(text(document, "port")).isEqualTo("18830");
    assertThat(text(document, "mode")).isEqualTo("in-memory");
  }

  private static String text(Document document, String element) {
    return document.getElementsByTagName(element).item(0).getTextContent().strip();
  }
}
