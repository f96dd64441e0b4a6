package io.campusedge.hub.internal.facilities;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Where an asset is in its life: in use, faulty, under repair or retired. */
public enum EquipmentStatus {
  IN_USE,
  FAULTY,
  UNDER_REPAIR,
  RETIRED;

  /** Accepts the name in any case, with a space or hyphen for the underscore ("in use"). */
  public static Optional<EquipmentStatus> parse(String text) {
    String name = text.strip().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
    return Arrays.stream(values()).filter(status -> status.name().equals(name)).findFirst();
  }

  static List<String> names() {
    return Arrays.stream(values()).map(Enum::name).toList();
  }
}
