package io.campusedge.agent.internal.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.campusedge.protos.v1.Record;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes stored records for a technician to carry off a gateway. {@link Format#JSONL}: one JSON
 * object per record with the outbox's epoch, seq, lane and time, and the record in the proto3 JSON
 * mapping (lowerCamel names, enums by name, 64-bit numbers as strings, bytes in base64), written
 * from the descriptors so the gateway needs no protobuf-java-util (Guava, Gson). {@link
 * Format#PROTOBUF_DELIMITED}: each stored {@code Record} exactly as kept, length-delimited ({@code
 * Record.parseDelimitedFrom} reads it back). Card refs stay hashed as stored.
 */
public final class RecordExport {
  public enum Format {
    JSONL,
    PROTOBUF_DELIMITED;

    /** {@code jsonl} or {@code protobuf-delimited}, as on the command line. */
    public static Format parse(String text) {
      return switch (text.toLowerCase(Locale.ROOT)) {
        case "jsonl" -> JSONL;
        case "protobuf-delimited" -> PROTOBUF_DELIMITED;
        default ->
            throw new IllegalArgumentException(
                "unknown format '" + text + "' (use jsonl or protobuf-delimited)");
      };
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Format format;
  private final long epoch;
  private final OutputStream out;

  public RecordExport(Format format, long epoch, OutputStream out) {
    this.format = format;
    this.epoch = epoch;
    this.out = out;
  }

  public void write(StoredRecord stored) throws IOException {
    if (format == Format.PROTOBUF_DELIMITED) {
      CodedOutputStream coded = CodedOutputStream.newInstance(out, 16);
      coded.writeUInt32NoTag(stored.payload().length);
      coded.flush();
      out.write(stored.payload());
      return;
    }
    ObjectNode line = NODES.objectNode();
    line.put("epoch", Long.toString(epoch));
    line.put("seq", Long.toString(stored.seq()));
    line.put("lane", stored.lane().column());
    line.put("storedAtMs", Long.toString(stored.createdMs()));
    try {
      line.set("record", toJson(Record.parseFrom(stored.payload())));
    } catch (InvalidProtocolBufferException e) {
      // Kept, not skipped: the raw bytes may still be recovered by someone with a newer schema.
      line.put("undecodable", e.getMessage());
      line.put("payloadBase64", Base64.getEncoder().encodeToString(stored.payload()));
    }
    out.write(MAPPER.writeValueAsString(line).getBytes(StandardCharsets.UTF_8));
    out.write('\n');
  }

  /** The proto3 JSON mapping of {@code message}, fields with default values left out. */
  static ObjectNode toJson(Message message) {
    ObjectNode node = NODES.objectNode();
    for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
      FieldDescriptor descriptor = field.getKey();
      if (descriptor.isMapField()) {
        ObjectNode map = NODES.objectNode();
        for (Object entry : (List<?>) field.getValue()) {
          Message pair = (Message) entry;
          FieldDescriptor key = pair.getDescriptorForType().findFieldByName("key");
          FieldDescriptor value = pair.getDescriptorForType().findFieldByName("value");
          map.set(String.valueOf(pair.getField(key)), value(value, pair.getField(value)));
        }
        node.set(descriptor.getJsonName(), map);
      } else if (descriptor.isRepeated()) {
        ArrayNode array = NODES.arrayNode();
        for (Object element : (List<?>) field.getValue()) {
          array.add(value(descriptor, element));
        }
        node.set(descriptor.getJsonName(), array);
      } else {
        node.set(descriptor.getJsonName(), value(descriptor, field.getValue()));
      }
    }
    return node;
  }

  private static JsonNode value(FieldDescriptor field, Object value) {
    return switch (field.getJavaType()) {
      case MESSAGE -> toJson((Message) value);
      case ENUM -> NODES.textNode(((EnumValueDescriptor) value).getName());
      case BYTE_STRING ->
          NODES.textNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
      case LONG -> NODES.textNode(unsignedAware(field, (Long) value));
      case INT -> NODES.numberNode(intValue(field, (Integer) value));
      case FLOAT -> NODES.numberNode((Float) value);
      case DOUBLE -> NODES.numberNode((Double) value);
      case BOOLEAN -> NODES.booleanNode((Boolean) value);
      case STRING -> NODES.textNode((String) value);
    };
  }

  private static String unsignedAware(FieldDescriptor field, long value) {
    boolean unsigned =
        field.getType() == FieldDescriptor.Type.UINT64
            || field.getType() == FieldDescriptor.Type.FIXED64;
    return unsigned ? Long.toUnsignedString(value) : Long.toString(value);
  }

  private static long intValue(FieldDescriptor field, int value) {
    boolean unsigned =
        field.getType() == FieldDescriptor.Type.UINT32
            || field.getType() == FieldDescriptor.Type.FIXED32;
    return unsigned ? Integer.toUnsignedLong(value) : value;
  }
}
