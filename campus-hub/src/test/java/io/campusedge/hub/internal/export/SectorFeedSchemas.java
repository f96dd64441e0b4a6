package io.campusedge.hub.internal.export;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The published JSON Schemas of docs/sector-feed/, loaded from the files, never the network. */
final class SectorFeedSchemas {
  static final Path DIR = Path.of("..", "docs", "sector-feed");
  private static final String BASE = "https://campusedge.io/schemas/sector-feed/1.0/";

  private final SchemaRegistry registry;

  SectorFeedSchemas() {
    Map<String, String> files =
        Map.of(
            BASE + "batch.schema.json", read("batch.schema.json"),
            BASE + "record.schema.json", read("record.schema.json"),
            BASE + "answer.schema.json", read("answer.schema.json"));
    registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, builder -> builder.schemas(files));
  }

  /** What is wrong with a batch document; empty when it is valid. */
  List<String> batchErrors(String json) {
    return errors("batch.schema.json", json);
  }

  List<String> answerErrors(String json) {
    return errors("answer.schema.json", json);
  }

  private List<String> errors(String schemaFile, String json) {
    Schema schema = registry.getSchema(SchemaLocation.of(BASE + schemaFile));
    return schema.validate(json, InputFormat.JSON).stream().map(Object::toString).toList();
  }

  static String read(String file) {
    try {
      return Files.readString(DIR.resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
