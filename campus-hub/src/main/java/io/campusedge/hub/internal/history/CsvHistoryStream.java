package io.campusedge.hub.internal.history;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * History as CSV (RFC 4180, UTF-8, header row, ISO-8601 UTC times), produced row by row as the HTTP
 * layer reads, so a long export holds one row in memory, not the file.
 */
public final class CsvHistoryStream extends InputStream {
  static final String RAW_HEADER =
      "time,site,room,gateway,device,metric,value,unit,quality,quality_reason";
  static final String ROLLUP_HEADER =
      "bucket_start,site,room,gateway,device,metric,unit,count,min,max,avg";

  private final HistoryCursor cursor;
  private byte[] chunk;
  private int position;
  private boolean finished;

  public CsvHistoryStream(HistoryCursor cursor) {
    this.cursor = cursor;
    String header = cursor.resolution() == Resolution.RAW ? RAW_HEADER : ROLLUP_HEADER;
    this.chunk = (header + "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) {
    if (length == 0) {
      return 0;
    }
    while (position == chunk.length) {
      if (finished || !advance()) {
        return -1;
      }
    }
    int n = Math.min(length, chunk.length - position);
    System.arraycopy(chunk, position, buffer, offset, n);
    position += n;
    return n;
  }

  private boolean advance() {
    Optional<HistoryPoint> point = cursor.next();
    if (point.isEmpty()) {
      finished = true;
      return false;
    }
    chunk = (line(point.get()) + "\r\n").getBytes(StandardCharsets.UTF_8);
    position = 0;
    return true;
  }

  static String line(HistoryPoint point) {
    HistoryPoint.Source source = point.source();
    StringBuilder line = new StringBuilder(point.time().toString());
    field(line, source.site().orElse(""));
    field(line, source.room().orElse(""));
    field(line, source.gatewayId());
    field(line, source.deviceId());
    field(line, source.metric());
    if (point instanceof HistoryPoint.Raw raw) {
      Object value = raw.value().asJson();
      field(line, value == null ? "" : String.valueOf(value));
      field(line, source.unit());
      field(line, raw.quality().name());
      field(line, raw.qualityReason());
    } else if (point instanceof HistoryPoint.Rollup rollup) {
      field(line, source.unit());
      field(line, Long.toString(rollup.count()));
      field(line, Double.toString(rollup.min()));
      field(line, Double.toString(rollup.max()));
      field(line, Double.toString(rollup.average()));
    }
    return line.toString();
  }

  private static void field(StringBuilder line, String value) {
    line.append(',');
    String safe = value;
    // A spreadsheet would run a device-sent "=..." as a formula; keep it text.
    if (!safe.isEmpty() && "=+@".indexOf(safe.charAt(0)) >= 0) {
      safe = "'" + safe;
    }
    if (safe.indexOf(',') >= 0
        || safe.indexOf('"') >= 0
        || safe.indexOf('\n') >= 0
        || safe.indexOf('\r') >= 0) {
      line.append('"').append(safe.replace("\"", "\"\"")).append('"');
    } else {
      line.append(safe);
    }
  }

  @Override
  public void close() {
    cursor.close();
  }
}
