package io.campusedge.hub.internal.environment;

import io.campusedge.hub.internal.alerts.AlertKind;
import io.campusedge.hub.internal.alerts.Alerts;
import io.campusedge.hub.internal.attendance.RosterStore;
import io.campusedge.hub.internal.config.AttendanceConfig;
import io.campusedge.hub.internal.config.EnvironmentConfig;
import io.campusedge.hub.internal.live.LiveState;
import io.campusedge.hub.internal.store.GatewayRegistry;
import io.campusedge.hub.internal.store.KnownDevice;
import io.campusedge.hub.internal.store.MetricValue;
import io.campusedge.hub.internal.store.ReadingQuality;
import io.campusedge.hub.internal.store.StoredReading;
import io.campusedge.protos.v1.GatewayState;
import io.campusedge.protos.v1.LaneStats;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns committed readings and gateway states into alerts: poor air, too hot or cold, humidity,
 * noise in an empty room, a projector or board left on in an empty room outside lessons, a device
 * whose readings stay BAD, a gateway offline, a gateway's disk full or outbox evicting. Readings
 * are judged by their source time, each condition through a {@link Hysteresis}, so a value hovering
 * at a threshold raises one alert, not many. Runs after the commit, off the ingest worker; only
 * changes touch the database.
 */
@Singleton
public class AlertRules {
  private static final Logger LOG = LoggerFactory.getLogger(AlertRules.class);

  private final Alerts alerts;
  private final LiveState live;
  private final EnvironmentConfig config;
  private final GatewayRegistry registry;
  private final RosterStore roster;
  private final java.time.ZoneId zone;
  private final Map<String, LessonCheck> lessonChecked = new ConcurrentHashMap<>();

  /** The timetable's answer for a room at one minute. */
  private record LessonCheck(Instant minute, boolean lesson) {}

  private final Map<String, Hysteresis> trackers = new ConcurrentHashMap<>();
  private final Map<String, Boolean> occupied = new ConcurrentHashMap<>();
  private final Map<String, Long> evicted = new ConcurrentHashMap<>();
  private final DisplayPowerOff powerOff;

  /** Without automatic power-off (tests of the other rules). */
  public AlertRules(
      Alerts alerts,
      LiveState live,
      EnvironmentConfig config,
      GatewayRegistry registry,
      RosterStore roster,
      AttendanceConfig attendance) {
    this(
        alerts,
        live,
        config,
        registry,
        roster,
        attendance,
        (gateway, device) -> "automatic power-off is not available");
  }

  @Inject
  public AlertRules(
      Alerts alerts,
      LiveState live,
      EnvironmentConfig config,
      GatewayRegistry registry,
      RosterStore roster,
      AttendanceConfig attendance,
      DisplayPowerOff powerOff) {
    this.powerOff = powerOff;
    this.roster = roster;
    this.zone = attendance.zone();
    this.registry = registry;
    this.alerts = alerts;
    this.live = live;
    this.config = config;
  }

  /** Readings of one site just committed. */
  public void readingsCommitted(String site, Collection<StoredReading> readings) {
    for (StoredReading reading : readings) {
      try {
        judge(site, reading);
      } catch (RuntimeException e) {
        LOG.warn(
            "Alert rules for a reading of {}/{} failed: {}",
            reading.gatewayId(),
            reading.deviceId(),
            e.toString());
      }
    }
  }

  /** A gateway went online or offline. */
  public void gatewayChanged(String site, String gatewayId, boolean online, String reason) {
    String subject = "gateway " + gatewayId;
    if (online) {
      alerts.clearResolved(site, AlertKind.GATEWAY_OFFLINE, subject, "back online");
    } else {
      alerts.raise(
          site,
          Optional.empty(),
          AlertKind.GATEWAY_OFFLINE,
          subject,
          "gateway " + gatewayId + " is offline: " + reason,
          Instant.now());
    }
  }

  /** Marked offline by the silence check, which knows only the id. */
  public void gatewaySilent(String gatewayId, Duration silence) {
    registry
        .find(gatewayId)
        .ifPresent(
            gateway ->
                gatewayChanged(
                    gateway.site(), gatewayId, false, "nothing heard for more than " + silence));
  }

  /** A gateway's birth or heartbeat state: outbox conditions. */
  public void gatewayState(GatewayState state) {
    if (!state.hasOutbox()) {
      return;
    }
    String site = state.getSite();
    String subject = "gateway " + state.getGatewayId();
    if (state.getOutbox().getDiskFull()) {
      alerts.raise(
          site,
          Optional.empty(),
          AlertKind.OUTBOX_DISK_FULL,
          subject,
          "the disk of gateway "
              + state.getGatewayId()
              + " is full: attendance is held in memory ("
              + state.getOutbox().getHeldInMemory()
              + " records), telemetry is dropped; free space"
              + " on its SD card",
          Instant.now());
    } else {
      alerts.clearResolved(site, AlertKind.OUTBOX_DISK_FULL, subject, "disk space back");
    }
    long total = state.getOutbox().getLanesList().stream().mapToLong(LaneStats::getEvicted).sum();
    String key = state.getGatewayId() + "\n" + state.getEpoch();
    Long before = evicted.put(key, total);
    if (before != null && total > before) {
      alerts.raise(
          site,
          Optional.empty(),
          AlertKind.OUTBOX_EVICTING,
          subject,
          "gateway "
              + state.getGatewayId()
              + " evicted "
              + (total - before)
              + " more readings (outbox full after a long time offline; attendance is kept)",
          Instant.now());
    }
  }

  private void judge(String site, StoredReading reading) {
    Optional<KnownDevice> device = live.device(reading.gatewayId(), reading.deviceId());
    Instant at = reading.sourceTime();
    String deviceSubject = "device " + reading.deviceId() + " on " + reading.gatewayId();
    Optional<String> room = device.map(KnownDevice::roomId);
    boolean bad = reading.quality() == ReadingQuality.BAD;
    step(
        "fault\n" + reading.gatewayId() + "\n" + reading.deviceId(),
        bad,
        !bad,
        at,
        config.deviceFaultAfter(),
        config.clearAfter(),
        site,
        room,
        AlertKind.DEVICE_FAULT,
        deviceSubject,
        deviceSubject + " reads BAD: " + reading.qualityReason());
    if (room.isEmpty() || bad) {
      return;
    }
    String roomKey = site + "\n" + room.get();
    String subject = "room " + room.get();
    switch (reading.metric()) {
      case "occupied", "occupancy" ->
          Comfort.flag(reading).ifPresent(flag -> occupied.put(roomKey, flag));
      case "co2" ->
          Comfort.number(reading)
              .ifPresent(
                  ppm -> {
                    double recover = config.co2Act() - (config.co2Act() - config.co2Good()) / 2;
                    step(
                        roomKey + "\nco2",
                        ppm > config.co2Act(),
                        ppm <= recover,
                        at,
                        config.alertAfter(),
                        config.clearAfter(),
                        site,
                        room,
                        AlertKind.POOR_AIR,
                        subject,
                        "CO2 "
                            + Math.round(ppm)
                            + " ppm in room "
                            + room.get()
                            + " (act above "
                            + Math.round(config.co2Act())
                            + " ppm): open windows or ventilate");
                  });
      case "temperature" ->
          Comfort.number(reading)
              .ifPresent(
                  celsius -> {
                    double margin = config.temperatureAlertMargin();
                    double hot = config.temperatureMax() + margin;
                    double cold = config.temperatureMin() - margin;
                    step(
                        roomKey + "\nhot",
                        celsius > hot,
                        celsius <= hot - margin / 2,
                        at,
                        config.alertAfter(),
                        config.clearAfter(),
                        site,
                        room,
                        AlertKind.TOO_HOT,
                        subject,
                        String.format(
                            "%.1f °C in room %s (comfort up to %.0f °C)",
                            celsius, room.get(), config.temperatureMax()));
                    step(
                        roomKey + "\ncold",
                        celsius < cold,
                        celsius >= cold + margin / 2,
                        at,
                        config.alertAfter(),
                        config.clearAfter(),
                        site,
                        room,
                        AlertKind.TOO_COLD,
                        subject,
                        String.format(
                            "%.1f °C in room %s (comfort from %.0f °C)",
                            celsius, room.get(), config.temperatureMin()));
                  });
      case "humidity" ->
          Comfort.number(reading)
              .ifPresent(
                  percent ->
                      step(
                          roomKey + "\nhumidity",
                          percent < config.humidityMin() - 5 || percent > config.humidityMax() + 5,
                          percent >= config.humidityMin() && percent <= config.humidityMax(),
                          at,
                          config.alertAfter(),
                          config.clearAfter(),
                          site,
                          room,
                          AlertKind.HUMIDITY,
                          subject,
                          String.format(
                              "relative humidity %.0f %% in room %s (comfort %.0f-%.0f %%)",
                              percent, room.get(), config.humidityMin(), config.humidityMax())));
      case "noise" ->
          Comfort.number(reading)
              .ifPresent(
                  dba -> {
                    boolean empty = Boolean.FALSE.equals(occupied.get(roomKey));
                    double alertAt = config.noiseEmptyMax() + config.noiseAlertMargin();
                    step(
                        roomKey + "\nnoise",
                        empty && dba > alertAt,
                        !empty || dba <= alertAt - config.noiseAlertMargin() / 2,
                        at,
                        config.alertAfter().multipliedBy(2),
                        config.clearAfter(),
                        site,
                        room,
                        AlertKind.NOISE_EMPTY_ROOM,
                        subject,
                        String.format(
                            "%.0f dB(A) in empty room %s (background at most %.0f dB(A)): equipment or ventilation left running?",
                            dba, room.get(), config.noiseEmptyMax()));
                  });
      case "power_state" -> {
        if (!(reading.value() instanceof MetricValue.Text text)) {
          return;
        }
        boolean on = text.value().equals("on") || text.value().equals("warming-up");
        boolean empty = Boolean.FALSE.equals(occupied.get(roomKey));
        boolean leftOn = on && empty && !lessonNow(site, room.get(), at);
        String display = reading.deviceId() + " on " + reading.gatewayId();
        Hysteresis.Decision decision =
            decide(
                "display\n" + reading.gatewayId() + "\n" + reading.deviceId(),
                leftOn,
                !leftOn,
                at,
                config.displayLeftOnAfter(),
                Duration.ZERO);
        String detail =
            "display "
                + display
                + " is on in empty room "
                + room.get()
                + " with no lesson; switch it off: POST /api/v1/gateways/"
                + reading.gatewayId()
                + "/commands {\"type\":\"device-action\",\"deviceId\":\""
                + reading.deviceId()
                + "\",\"action\":\"power-off\"}";
        if (decision == Hysteresis.Decision.RAISE && config.displayAutoPowerOff()) {
          detail +=
              "; switched off automatically: "
                  + powerOff.switchOff(reading.gatewayId(), reading.deviceId());
        }
        apply(decision, site, room, AlertKind.DISPLAY_LEFT_ON, "display " + display, detail, at);
      }
      default -> {}
    }
  }

  /** Whether a lesson is on in the room; asked of the timetable at most once a minute per room. */
  private boolean lessonNow(String site, String room, Instant at) {
    String key = site + "\n" + room;
    Instant minute = at.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    LessonCheck cached = lessonChecked.get(key);
    if (cached != null && cached.minute().equals(minute)) {
      return cached.lesson();
    }
    boolean lesson = roster.lessonInRoom(site, room, at, zone);
    lessonChecked.put(key, new LessonCheck(minute, lesson));
    return lesson;
  }

  private void step(
      String key,
      boolean bad,
      boolean recovered,
      Instant at,
      Duration raiseAfter,
      Duration clearAfter,
      String site,
      Optional<String> room,
      AlertKind kind,
      String subject,
      String detail) {
    apply(
        decide(key, bad, recovered, at, raiseAfter, clearAfter),
        site,
        room,
        kind,
        subject,
        detail,
        at);
  }

  private Hysteresis.Decision decide(
      String key,
      boolean bad,
      boolean recovered,
      Instant at,
      Duration raiseAfter,
      Duration clearAfter) {
    return trackers
        .computeIfAbsent(key, k -> new Hysteresis())
        .step(bad, recovered, at, raiseAfter, clearAfter);
  }

  private void apply(
      Hysteresis.Decision decision,
      String site,
      Optional<String> room,
      AlertKind kind,
      String subject,
      String detail,
      Instant at) {
    switch (decision) {
      case RAISE -> alerts.raise(site, room, kind, subject, detail, at);
      case CLEAR -> alerts.clearResolved(site, kind, subject, "back to normal since " + at);
      case NONE -> {}
    }
  }
}
