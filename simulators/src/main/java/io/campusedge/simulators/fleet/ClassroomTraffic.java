package io.campusedge.simulators.fleet;

import com.google.protobuf.ByteString;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.ClockState;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What one classroom gateway sends per poll: CO2, temperature, humidity, illuminance, noise and
 * motion from the room's sensors, and now and then a card tap at the door. Values wander around
 * occupied-classroom levels; enough to exercise the hub's storage, rollups and live state with the
 * same shapes and sizes as the real drivers' records.
 */
final class ClassroomTraffic {
  private final String room;
  private final Random random;
  private final double tapsPerPoll;
  private final String bootId;
  private double co2 = 600;
  private double temperature = 24;

  ClassroomTraffic(String room, long seed, double tapsPerPoll) {
    this.room = room.toLowerCase(java.util.Locale.ROOT);
    this.random = new Random(seed);
    this.tapsPerPoll = tapsPerPoll;
    this.bootId = "fleet-" + Long.toHexString(seed);
  }

  /** The records of one poll at {@code nowMs}, without seqs. */
  List<Record.Builder> poll(long nowMs) {
    co2 = clamp(co2 + random.nextGaussian() * 15, 420, 2500);
    temperature = clamp(temperature + random.nextGaussian() * 0.05, 18, 32);
    List<Record.Builder> records = new ArrayList<>(8);
    records.add(reading("climate", "co2", nowMs, co2, "[ppm]"));
    records.add(reading("climate", "temperature", nowMs, temperature, "Cel"));
    records.add(reading("climate", "humidity", nowMs, 55 + random.nextGaussian() * 2, "%"));
    records.add(reading("light", "illuminance", nowMs, 350 + random.nextGaussian() * 30, "lx"));
    records.add(reading("sound", "noise", nowMs, 52 + random.nextGaussian() * 6, "dB"));
    records.add(motion(nowMs));
    if (random.nextDouble() < tapsPerPoll) {
      records.add(cardTap(nowMs));
    }
    return records;
  }

  private Record.Builder reading(
      String device, String metric, long nowMs, double value, String unit) {
    return Record.newBuilder()
        .setClock(clock(nowMs))
        .setReading(
            Reading.newBuilder()
                .setDeviceId(room + "-" + device)
                .setMetric(metric)
                .setSourceTimeMs(nowMs)
                .setDoubleValue(Math.round(value * 10) / 10.0)
                .setUnit(unit)
                .setQuality(Quality.QUALITY_GOOD));
  }

  private Record.Builder motion(long nowMs) {
    return Record.newBuilder()
        .setClock(clock(nowMs))
        .setReading(
            Reading.newBuilder()
                .setDeviceId(room + "-pir")
                .setMetric("motion")
                .setSourceTimeMs(nowMs)
                .setBoolValue(random.nextDouble() < 0.8)
                .setQuality(Quality.QUALITY_GOOD));
  }

  /** A reference as the gateway sends it: HMAC-SHA256 of the UID, 32 bytes, never the UID. */
  private Record.Builder cardTap(long nowMs) {
    byte[] ref = new byte[32];
    random.nextBytes(ref);
    return Record.newBuilder()
        .setClock(clock(nowMs))
        .setCardTap(
            CardTap.newBuilder()
                .setReaderId(room + "-door")
                .setCardRef(ByteString.copyFrom(ref))
                .setSourceTimeMs(nowMs)
                .setKeyId("fleet"));
  }

  private ClockState clock(long nowMs) {
    return ClockState.newBuilder().setSynced(true).setBootId(bootId).setMonotonicMs(nowMs).build();
  }

  private static double clamp(double value, double min, double max) {
    return Math.max(min, Math.min(max, value));
  }
}
