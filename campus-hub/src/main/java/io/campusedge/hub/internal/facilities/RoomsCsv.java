package io.campusedge.hub.internal.facilities;

import io.campusedge.hub.internal.attendance.CsvRows;
import io.campusedge.hub.internal.attendance.CsvRows.Row;
import io.campusedge.hub.internal.attendance.ImportProblem;
import io.campusedge.hub.internal.attendance.RejectedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a school's room records from CSV: {@code roomId,name,building,kind,capacity}. Kind is
 * CLASSROOM, LAB, HALL or OFFICE; capacity a whole number of seats, 0 or more; a blank name is the
 * room id. A room id twice, or any bad value, refuses the whole file.
 */
final class RoomsCsv {
  static final String FILE = "rooms.csv";

  private RoomsCsv() {}

  static List<FacilityRoom> read(String site, byte[] bytes) {
    List<ImportProblem> problems = new ArrayList<>();
    List<Row> rows = CsvRows.read(FILE, bytes, Set.of("roomId", "kind"), problems).rows();
    List<FacilityRoom> rooms = new ArrayList<>();
    Map<String, Long> lines = new HashMap<>();
    for (Row row : rows) {
      Optional<String> roomId = row.required("roomId", 64);
      Optional<String> name = row.optional("name", 256);
      Optional<String> building = row.optional("building", 64);
      Optional<RoomKind> kind = row.required("kind", 16).flatMap(text -> kind(row, text));
      Optional<Integer> capacity = row.number("capacity", 0);
      if (roomId.isEmpty() || kind.isEmpty()) {
        continue;
      }
      Long first = lines.putIfAbsent(roomId.get(), row.line());
      if (first != null) {
        row.problem("room '" + roomId.get() + "' is already on line " + first);
        continue;
      }
      rooms.add(
          new FacilityRoom(
              site, roomId.get(), name.orElse(roomId.get()), building, kind.get(), capacity));
    }
    if (!problems.isEmpty()) {
      problems.sort(Comparator.comparingLong(ImportProblem::line));
      throw new RejectedException(
          RejectedException.Kind.INVALID,
          "the room records were not imported: "
              + problems.size()
              + " problem(s); the previous records stay",
          problems);
    }
    return rooms;
  }

  private static Optional<RoomKind> kind(Row row, String text) {
    String upper = text.toUpperCase(Locale.ROOT);
    for (RoomKind kind : RoomKind.values()) {
      if (kind.name().equals(upper)) {
        return Optional.of(kind);
      }
    }
    row.problem("kind '" + text + "' is not one of " + Arrays.toString(RoomKind.values()));
    return Optional.empty();
  }
}
