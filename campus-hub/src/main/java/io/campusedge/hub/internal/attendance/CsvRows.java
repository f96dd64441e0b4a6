package io.campusedge.hub.internal.attendance;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file with a header row (RFC 4180, UTF-8, an optional byte-order mark), read with Commons
 * CSV. Problems (a missing column, a bad value) are collected with their line instead of thrown, so
 * one import reports every problem at once.
 */
public final class CsvRows {
  private final String file;
  private final List<Row> rows;
  private final List<ImportProblem> problems;

  private CsvRows(String file, List<Row> rows, List<ImportProblem> problems) {
    this.file = file;
    this.rows = rows;
    this.problems = problems;
  }

  /** Reads {@code bytes}; a file that is not CSV at all yields no rows and one problem. */
  public static CsvRows read(
      String file, byte[] bytes, Set<String> requiredColumns, List<ImportProblem> problems) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      problems.add(new ImportProblem(file, 0, "is not UTF-8 text; save it as CSV UTF-8"));
      return new CsvRows(file, List.of(), problems);
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    CSVFormat format =
        CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .setTrim(true)
            .get();
    List<Row> rows = new ArrayList<>();
    try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
      Set<String> missing = new TreeSet<>(requiredColumns);
      missing.removeAll(parser.getHeaderMap().keySet());
      if (!missing.isEmpty()) {
        problems.add(
            new ImportProblem(file, 1, "the header has no column " + String.join(", ", missing)));
        return new CsvRows(file, List.of(), problems);
      }
      for (CSVRecord record : parser) {
        long line = parser.getCurrentLineNumber();
        if (!record.isConsistent()) {
          problems.add(
              new ImportProblem(
                  file,
                  line,
                  "has "
                      + record.size()
                      + " fields, the header "
                      + parser.getHeaderMap().size()
                      + " (a comma inside a value needs quotes)"));
          continue;
        }
        rows.add(new Row(file, line, record.toMap(), problems));
      }
    } catch (IOException
        | UncheckedIOException
        | IllegalArgumentException
        | IllegalStateException e) {
      Throwable cause =
          e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
      problems.add(new ImportProblem(file, 0, "is not valid CSV: " + cause.getMessage()));
      return new CsvRows(file, List.of(), problems);
    }
    return new CsvRows(file, rows, problems);
  }

  String file() {
    return file;
  }

  public List<Row> rows() {
    return rows;
  }

  List<ImportProblem> problems() {
    return problems;
  }

  /** One data row; getters record a problem and return empty when a value is missing or bad. */
  public static final class Row {
    private final String file;
    private final long line;
    private final Map<String, String> values;
    private final List<ImportProblem> problems;

    Row(String file, long line, Map<String, String> values, List<ImportProblem> problems) {
      this.file = file;
      this.line = line;
      this.values = values;
      this.problems = problems;
    }

    public long line() {
      return line;
    }

    String file() {
      return file;
    }

    /** The value, or empty when the column is absent or the cell blank. */
    public Optional<String> optional(String column) {
      String value = values.get(column);
      return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** The value; a blank cell is a problem. */
    public Optional<String> required(String column) {
      Optional<String> value = optional(column);
      if (value.isEmpty()) {
        problem(column + " is empty");
      }
      return value;
    }

    /** The value, or empty when blank; longer than {@code maxLength} is a problem. */
    public Optional<String> optional(String column, int maxLength) {
      Optional<String> text = optional(column);
      if (text.isPresent() && text.get().length() > maxLength) {
        problem(column + " is longer than " + maxLength + " characters");
        return Optional.empty();
      }
      return text;
    }

    /** The value; a blank cell or one longer than {@code maxLength} is a problem. */
    public Optional<String> required(String column, int maxLength) {
      return required(column).isPresent() ? optional(column, maxLength) : Optional.empty();
    }

    /** An optional date like 2026-09-05. */
    public Optional<LocalDate> date(String column) {
      return date(column, false);
    }

    /** An optional whole number of at least {@code min}. */
    public Optional<Integer> number(String column, int min) {
      Optional<String> text = optional(column, 16);
      if (text.isEmpty()) {
        return Optional.empty();
      }
      try {
        int value = Integer.parseInt(text.get());
        if (value < min) {
          problem(column + " " + value + " is less than " + min);
          return Optional.empty();
        }
        return Optional.of(value);
      } catch (NumberFormatException e) {
        problem(column + " '" + text.get() + "' is not a whole number");
        return Optional.empty();
      }
    }

    public Optional<LocalDate> date(String column, boolean required) {
      Optional<String> text = required ? required(column) : optional(column);
      if (text.isEmpty()) {
        return Optional.empty();
      }
      try {
        return Optional.of(LocalDate.parse(text.get()));
      } catch (DateTimeParseException e) {
        problem(column + " '" + text.get() + "' is not a date like 2026-09-05");
        return Optional.empty();
      }
    }

    /** A value from {@code allowed} (case-insensitive), returned as written in {@code allowed}. */
    Optional<String> oneOf(String column, List<String> allowed, boolean required) {
      Optional<String> text = required ? required(column) : optional(column);
      if (text.isEmpty()) {
        return Optional.empty();
      }
      for (String choice : allowed) {
        if (choice.equalsIgnoreCase(text.get())) {
          return Optional.of(choice);
        }
      }
      problem(column + " '" + text.get() + "' is not one of " + String.join(", ", allowed));
      return Optional.empty();
    }

    public void problem(String message) {
      problems.add(new ImportProblem(file, line, message));
    }
  }
}
