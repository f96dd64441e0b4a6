package io.campusedge.drivers.attendance;

import com.google.protobuf.ByteString;
import io.campusedge.drivers.api.DriverContext;
import io.campusedge.drivers.api.SiteKey;
import io.campusedge.drivers.bus.BusException;
import io.campusedge.drivers.bus.GpioOutput;
import io.campusedge.protos.v1.CardTap;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part every attendance reader shares: hashes a UID with the site key into a {@code CardTap},
 * drops repeats within the window, and pulses the feedback buzzer/LED without holding up the read
 * path. The UID is wiped as soon as it is hashed and is never logged or stored.
 */
public final class CardTapEmitter implements AutoCloseable {
  public static final String NO_SITE_KEY =
      "no site key provisioned; run campusedge-agent provision";
  private static final Logger log = LoggerFactory.getLogger(CardTapEmitter.class);

  /** What became of one card read. */
  public enum Outcome {
    TAPPED,
    REPEAT_SUPPRESSED,
    NO_SITE_KEY
  }

  private final String readerId;
  private final TapSettings settings;
  private final ReaderHealth health;
  private final TapDebouncer debouncer;
  private DriverContext context;
  private GpioOutput feedback;
  private ScheduledExecutorService feedbackTimer;
  private final AtomicLong pulses = new AtomicLong();

  public CardTapEmitter(String readerId, TapSettings settings, ReaderHealth health) {
    this.readerId = readerId;
    this.settings = settings;
    this.health = health;
    this.debouncer = new TapDebouncer(settings.repeatWindow());
  }

  /** Binds the sink and opens the feedback pin; a missing pin only costs the beep. */
  public void open(DriverContext context) {
    this.context = context;
    if (context.siteKey().isEmpty()) {
      health.unreachable(NO_SITE_KEY);
    }
    if (settings.feedbackPin().isEmpty()) {
      return;
    }
    int pin = settings.feedbackPin().getAsInt();
    try {
      feedback = context.buses().gpioOutput(pin, false);
      feedbackTimer =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, readerId + "-feedback");
                thread.setDaemon(true);
                return thread;
              });
    } catch (BusException e) {
      log.warn(
          "{}: feedback GPIO {} unavailable, taps work without a beep: {}",
          readerId,
          pin,
          e.getMessage());
    }
  }

  /** False until the gateway is provisioned; readers then leave cards unread. */
  public boolean hasSiteKey() {
    return context != null && context.siteKey().isPresent();
  }

  /**
   * Turns one UID read from a card into a tap. Wipes {@code uid} before returning, whatever the
   * outcome.
   */
  public Outcome cardRead(byte[] uid) {
    try {
      Optional<SiteKey> key = context.siteKey();
      if (key.isEmpty()) {
        health.unreachable(NO_SITE_KEY);
        return Outcome.NO_SITE_KEY;
      }
      byte[] ref = key.get().reference(uid);
      long now = context.clock().millis();
      if (!debouncer.accept(ref, now)) {
        log.debug("{}: same card again within {}, ignored", readerId, settings.repeatWindow());
        return Outcome.REPEAT_SUPPRESSED;
      }
      context
          .sink()
          .cardTap(
              CardTap.newBuilder()
                  .setReaderId(readerId)
                  .setCardRef(ByteString.copyFrom(ref))
                  .setSourceTimeMs(now)
                  .setKeyId(key.get().id())
                  .build());
      pulseFeedback();
      return Outcome.TAPPED;
    } finally {
      Arrays.fill(uid, (byte) 0);
    }
  }

  private void pulseFeedback() {
    if (feedback == null || feedbackTimer == null) {
      return;
    }
    // The beep runs on its own thread so the next card can be read while it sounds; a newer
    // pulse keeps the output on for its full length.
    long pulse = pulses.incrementAndGet();
    feedbackTimer.execute(
        () -> {
          setFeedback(true);
          feedbackTimer.schedule(
              () -> {
                if (pulses.get() == pulse) {
                  setFeedback(false);
                }
              },
              settings.feedback().toMillis(),
              TimeUnit.MILLISECONDS);
        });
  }

  private void setFeedback(boolean on) {
    try {
      feedback.set(on);
    } catch (BusException e) {
      log.debug("{}: feedback GPIO write failed: {}", readerId, e.getMessage());
    }
  }

  @Override
  public void close() {
    if (feedbackTimer != null) {
      feedbackTimer.shutdownNow();
      feedbackTimer = null;
    }
    if (feedback != null) {
      setFeedback(false);
      feedback.close();
      feedback = null;
    }
  }
}
