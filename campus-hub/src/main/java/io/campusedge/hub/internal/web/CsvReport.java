package io.campusedge.hub.internal.web;

import io.micronaut.http.HttpResponse;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** A report download: RFC 4180 CSV with a header, named for the browser to save. */
final class CsvReport {
  private CsvReport() {}

  static <T> HttpResponse<String> of(
      String fileName, List<String> header, List<T> rows, Function<T, List<?>> columns) {
    StringWriter out = new StringWriter();
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get();
    try (CSVPrinter printer = new CSVPrinter(out, format)) {
      for (T row : rows) {
        printer.printRecord(
            columns.apply(row).stream().map(value -> value == null ? "" : value).toList());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HttpResponse.ok(out.toString())
        .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
  }
}
