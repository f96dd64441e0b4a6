package io.campusedge.agent.internal.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as people write them in the config: {@code 262144}, {@code 256KiB}, {@code 1MiB}. */
final class ByteSizes {
  private static final Pattern SIZE = Pattern.compile("(\\d{1,10})\\s*(|b|kib|kb|mib|mb|gib|gb)");

  private ByteSizes() {}

  /**
   * KB, MB and GB are read as KiB, MiB and GiB: nobody sizing an MQTT batch means powers of ten.
   */
  static Optional<Long> parse(String text) {
    Matcher matcher = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      return Optional.empty();
    }
    long amount = Long.parseLong(matcher.group(1));
    return Optional.of(
        switch (matcher.group(2)) {
          case "kib", "kb" -> amount * 1024;
          case "mib", "mb" -> amount * 1024 * 1024;
          case "gib", "gb" -> amount * 1024 * 1024 * 1024;
          default -> amount;
        });
  }
}
