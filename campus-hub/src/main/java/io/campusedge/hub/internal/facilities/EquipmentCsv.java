package io.campusedge.hub.internal.facilities;

import io.campusedge.hub.internal.attendance.CsvRows;
import io.campusedge.hub.internal.attendance.CsvRows.Row;
import io.campusedge.hub.internal.attendance.ImportProblem;
import io.campusedge.hub.internal.attendance.RejectedException;
import io.campusedge.hub.internal.facilities.Equipment.DeviceBinding;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The equipment inventory as CSV, both ways: {@code assetCode,type,model,serial,room,commissioned,
 * status,gatewayId,deviceId,maintenanceIntervalDays,lastMaintenance}. What {@link #write} produces
 * {@link #read} takes back unchanged. Notes are not a column: an asset re-imported keeps its notes.
 */
final class EquipmentCsv {
  static final String FILE = "equipment.csv";
  static final List<String> COLUMNS =
      List.of(
          "assetCode",
          "type",
          "model",
          "serial",
          "room",
          "commissioned",
          "status",
          "gatewayId",
          "deviceId",
          "maintenanceIntervalDays",
          "lastMaintenance");

  private EquipmentCsv() {}

  /**
   * @param rooms the rooms the school recorded or its gateways reported; an asset must be in one
   * @param previous the stored assets by code, whose notes are kept
   */
  static List<Equipment> read(
      String site, byte[] bytes, Set<String> rooms, Map<String, Equipment> previous) {
    List<ImportProblem> problems = new ArrayList<>();
    List<Row> rows =
        CsvRows.read(FILE, bytes, Set.of("assetCode", "type", "room", "status"), problems).rows();
    List<Equipment> assets = new ArrayList<>();
    Map<String, Long> lines = new HashMap<>();
    Map<DeviceBinding, Long> bound = new HashMap<>();
    for (Row row : rows) {
      Optional<String> code = row.required("assetCode", 64);
      Optional<String> type = row.required("type", 64);
      Optional<String> model = row.optional("model", 128);
      Optional<String> serial = row.optional("serial", 128);
      Optional<String> room = row.required("room", 64);
      Optional<LocalDate> commissioned = row.date("commissioned");
      Optional<EquipmentStatus> status = row.required("status", 16).flatMap(t -> status(row, t));
      Optional<String> gatewayId = row.optional("gatewayId", 64);
      Optional<String> deviceId = row.optional("deviceId", 128);
      Optional<Integer> interval = row.number("maintenanceIntervalDays", 1);
      Optional<LocalDate> lastMaintenance = row.date("lastMaintenance");
      if (code.isEmpty() || type.isEmpty() || room.isEmpty() || status.isEmpty()) {
        continue;
      }
      boolean ok = true;
      Long first = lines.putIfAbsent(code.get(), row.line());
      if (first != null) {
        row.problem("asset '" + code.get() + "' is already on line " + first);
        ok = false;
      }
      if (!rooms.contains(room.get())) {
        row.problem(
            "room '"
                + room.get()
                + "' is neither in the school's room records nor reported by a gateway");
        ok = false;
      }
      if (gatewayId.isPresent() != deviceId.isPresent()) {
        row.problem("gatewayId and deviceId go together: give both or neither");
        ok = false;
      }
      Optional<DeviceBinding> device =
          gatewayId.flatMap(gateway -> deviceId.map(id -> new DeviceBinding(gateway, id)));
      if (device.isPresent()) {
        Long other = bound.putIfAbsent(device.get(), row.line());
        if (other != null) {
          row.problem(
              "device "
                  + device.get().gatewayId()
                  + "/"
                  + device.get().deviceId()
                  + " is already bound on line "
                  + other);
          ok = false;
        }
      }
      if (!ok) {
        continue;
      }
      Optional<String> notes =
          Optional.ofNullable(previous.get(code.get())).flatMap(Equipment::notes);
      assets.add(
          new Equipment(
              site,
              code.get(),
              type.get(),
              model,
              serial,
              room.get(),
              commissioned,
              status.get(),
              device,
              interval,
              lastMaintenance,
              notes));
    }
    if (!problems.isEmpty()) {
      problems.sort(Comparator.comparingLong(ImportProblem::line));
      throw new RejectedException(
          RejectedException.Kind.INVALID,
          "the equipment was not imported: "
              + problems.size()
              + " problem(s); the previous inventory stays",
          problems);
    }
    return assets;
  }

  /** The assets in the import format, header first. */
  static String write(List<Equipment> assets) {
    StringWriter out = new StringWriter();
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader(COLUMNS.toArray(String[]::new)).get();
    try (CSVPrinter printer = new CSVPrinter(out, format)) {
      for (Equipment asset : assets) {
        printer.printRecord(
            asset.assetCode(),
            asset.type(),
            asset.model().orElse(""),
            asset.serial().orElse(""),
            asset.roomId(),
            asset.commissioned().map(LocalDate::toString).orElse(""),
            asset.status().name(),
            asset.device().map(DeviceBinding::gatewayId).orElse(""),
            asset.device().map(DeviceBinding::deviceId).orElse(""),
            asset.maintenanceIntervalDays().map(String::valueOf).orElse(""),
            asset.lastMaintenance().map(LocalDate::toString).orElse(""));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static Optional<EquipmentStatus> status(Row row, String text) {
    Optional<EquipmentStatus> status = EquipmentStatus.parse(text);
    if (status.isEmpty()) {
      row.problem(
          "status '" + text + "' is not one of " + String.join(", ", EquipmentStatus.names()));
    }
    return status;
  }
}
