package io.campusedge.hub.internal.facilities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.hub.internal.attendance.ImportProblem;
import io.campusedge.hub.internal.attendance.RejectedException;
import io.campusedge.hub.internal.facilities.Equipment.DeviceBinding;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Room and equipment CSV: every problem with its line, and export → import unchanged. */
class FacilityCsvTest {
  private static final Set<String> ROOMS = Set.of("A101", "LAB1");

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static List<ImportProblem> problems(Runnable read) {
    try {
      read.run();
    } catch (RejectedException e) {
      assertThat(e.kind()).isEqualTo(RejectedException.Kind.INVALID);
      return e.problems();
    }
    throw new AssertionError("the file was accepted");
  }

  @Test
  void roomsAreReadWithDefaultsForBlankCells() {
    List<FacilityRoom> rooms =
        RoomsCsv.read(
            "s1",
            bytes(
                "\uFEFFroomId,name,building,kind,capacity\n"
                    + "A101,Phòng A101,A,classroom,40\n"
                    + "LAB1,,B,LAB,\n"));
    assertThat(rooms)
        .containsExactly(
            new FacilityRoom(
                "s1", "A101", "Phòng A101", Optional.of("A"), RoomKind.CLASSROOM, Optional.of(40)),
            new FacilityRoom(
                "s1", "LAB1", "LAB1", Optional.of("B"), RoomKind.LAB, Optional.empty()));
  }

  @Test
  void badRoomsAreEachReportedWithTheirLine() {
    List<ImportProblem> problems =
        problems(
            () ->
                RoomsCsv.read(
                    "s1",
                    bytes(
                        "roomId,name,building,kind,capacity\n"
                            + "A101,,,CLASSROOM,40\n"
                            + "A102,,,KITCHEN,20\n"
                            + "A103,,,HALL,-5\n"
                            + "A101,,,OFFICE,2\n"
                            + ",,,LAB,3\n"
                            + "A104,,,LAB,many\n")));
    assertThat(problems)
        .extracting(ImportProblem::toString)
        .containsExactly(
            "rooms.csv:3: kind 'KITCHEN' is not one of [CLASSROOM, LAB, HALL, OFFICE]",
            "rooms.csv:4: capacity -5 is less than 0",
            "rooms.csv:5: room 'A101' is already on line 2",
            "rooms.csv:6: roomId is empty",
            "rooms.csv:7: capacity 'many' is not a whole number");
  }

  @Test
  void aHeaderWithoutTheRequiredColumnsOrNotUtf8IsOneProblem() {
    assertThat(problems(() -> RoomsCsv.read("s1", bytes("room,name\nA101,x\n"))))
        .extracting(ImportProblem::toString)
        .containsExactly("rooms.csv:1: the header has no column kind, roomId");
    assertThat(problems(() -> RoomsCsv.read("s1", new byte[] {(byte) 0xff, (byte) 0xfe, 0x41})))
        .extracting(ImportProblem::line)
        .containsExactly(0L);
  }

  @Test
  void badEquipmentIsEachReportedWithItsLine() {
    String csv =
        String.join(",", EquipmentCsv.COLUMNS)
            + "\n"
            + "P-1,projector,EB-X51,S1,A101,2024-08-01,IN_USE,gw-a101,proj1,180,2026-06-01\n"
            + "P-2,projector,,,Z9,2024-08-01,IN_USE,,,,\n"
            + "P-3,projector,,,A101,01/08/2024,BROKEN,,,,\n"
            + "P-1,board,,,A101,,FAULTY,,,,\n"
            + "P-4,board,,,A101,,in use,gw-a101,,0,2026-13-01\n"
            + "P-5,board,,,LAB1,,RETIRED,gw-a101,proj1,,\n"
            + "P-6,,,,LAB1,,RETIRED,,,,\n"
            + "P-7,board,,,LAB1\n";
    List<ImportProblem> problems =
        problems(() -> EquipmentCsv.read("s1", bytes(csv), ROOMS, Map.of()));
    assertThat(problems)
        .extracting(ImportProblem::toString)
        .containsExactly(
            "equipment.csv:3: room 'Z9' is neither in the school's room records nor reported by"
                + " a gateway",
            "equipment.csv:4: commissioned '01/08/2024' is not a date like 2026-09-05",
            "equipment.csv:4: status 'BROKEN' is not one of IN_USE, FAULTY, UNDER_REPAIR, RETIRED",
            "equipment.csv:5: asset 'P-1' is already on line 2",
            "equipment.csv:6: maintenanceIntervalDays 0 is less than 1",
            "equipment.csv:6: lastMaintenance '2026-13-01' is not a date like 2026-09-05",
            "equipment.csv:6: gatewayId and deviceId go together: give both or neither",
            "equipment.csv:7: device gw-a101/proj1 is already bound on line 2",
            "equipment.csv:8: type is empty",
            "equipment.csv:9: has 5 fields, the header 11 (a comma inside a value needs quotes)");
  }

  @Test
  void exportIsImportedBackUnchangedAndKeepsNotes() {
    Equipment projector =
        new Equipment(
            "s1",
            "P-1",
            "projector",
            Optional.of("EB-X51, \"lamp\" edition"),
            Optional.of("SN 1"),
            "A101",
            Optional.of(LocalDate.of(2024, 8, 1)),
            EquipmentStatus.UNDER_REPAIR,
            Optional.of(new DeviceBinding("gw-a101", "proj1")),
            Optional.of(180),
            Optional.of(LocalDate.of(2026, 6, 1)),
            Optional.of("lamp ordered"));
    Equipment scale =
        new Equipment(
            "s1",
            "L-9",
            "balance",
            Optional.empty(),
            Optional.empty(),
            "LAB1",
            Optional.empty(),
            EquipmentStatus.IN_USE,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());

    String exported = EquipmentCsv.write(List.of(projector, scale));
    assertThat(exported).startsWith(String.join(",", EquipmentCsv.COLUMNS) + "\r\n");
    List<Equipment> imported =
        EquipmentCsv.read("s1", bytes(exported), ROOMS, Map.of("P-1", projector));

    assertThat(imported).containsExactly(projector, scale);
    assertThat(EquipmentCsv.write(imported)).isEqualTo(exported);
  }

  @Test
  void maintenanceIsDueAfterTheIntervalAndRetiredAssetsAreNeverOverdue() {
    Equipment asset =
        new Equipment(
            "s1",
            "P-1",
            "projector",
            Optional.empty(),
            Optional.empty(),
            "A101",
            Optional.empty(),
            EquipmentStatus.IN_USE,
            Optional.empty(),
            Optional.of(30),
            Optional.of(LocalDate.of(2026, 1, 1)),
            Optional.empty());
    assertThat(asset.maintenanceDue()).contains(LocalDate.of(2026, 1, 31));
    assertThat(asset.maintenanceOverdue(LocalDate.of(2026, 1, 31))).isFalse();
    assertThat(asset.maintenanceOverdue(LocalDate.of(2026, 2, 1))).isTrue();
    assertThat(
            asset
                .withChanges(EquipmentStatus.RETIRED, Optional.empty(), asset.lastMaintenance())
                .maintenanceOverdue(LocalDate.of(2026, 2, 1)))
        .isFalse();
    assertThatThrownBy(() -> EquipmentCsv.read("s1", bytes("x\n"), ROOMS, Map.of()))
        .isInstanceOf(RejectedException.class)
        .hasMessageContaining("the previous inventory stays");
  }
}
