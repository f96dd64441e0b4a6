package io.campusedge.drivers.attendance.evdev;

import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DriverContext;
import io.campusedge.drivers.attendance.CardTapEmitter;
import io.campusedge.drivers.attendance.ReaderHealth;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * A USB keyboard-wedge card reader read from its evdev device file. A reader thread started in
 * {@link #open} blocks on the file and queues the lines typed; each poll turns them into taps. An
 * unplugged reader is reported and reopened on a later poll.
 *
 * <p>Without EVIOCGRAB (an ioctl plain Java cannot issue) the keys also reach any other consumer of
 * the device, so the gateway must not run a desktop session that would type them somewhere.
 */
final class EvdevDriver implements DeviceDriver {
  private final String deviceId;
  private final EvdevFactory.Config config;
  private final ReaderHealth health;
  private final CardTapEmitter emitter;
  private final Queue<WedgeLine> lines = new ConcurrentLinkedQueue<>();
  private DriverContext context;
  private DeviceReader reader;

  EvdevDriver(String deviceId, EvdevFactory.Config config) {
    this.deviceId = deviceId;
    this.config = config;
    this.health = new ReaderHealth(deviceId);
    this.emitter = new CardTapEmitter(deviceId, config.tap(), health);
  }

  @Override
  public void open(DriverContext context) {
    this.context = context;
    health.bind(context);
    emitter.open(context);
    ensureReader();
  }

  @Override
  public void poll() {
    if (context == null) {
      throw new IllegalStateException("poll() before open()");
    }
    boolean running = ensureReader();
    boolean any = false;
    for (WedgeLine line = lines.poll(); line != null; line = lines.poll()) {
      any = true;
      if (line instanceof WedgeLine.Uid uid) {
        if (emitter.cardRead(uid.uid()) != CardTapEmitter.Outcome.NO_SITE_KEY && running) {
          health.ok();
        }
      } else if (line instanceof WedgeLine.Rejected rejected) {
        health.readFailed(rejected.reason());
      }
    }
    if (!any && running && !emitter.hasSiteKey()) {
      health.unreachable(CardTapEmitter.NO_SITE_KEY);
    }
  }

  /**
   * True when a reader thread is reading the device; otherwise reports why and tries to start one.
   */
  private boolean ensureReader() {
    if (reader != null && reader.thread.isAlive()) {
      return true;
    }
    if (reader != null) {
      health.unreachable(reader.failure); // reopened on the next poll
      reader = null;
      return false;
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(config.device(), StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      health.unreachable("USB card reader not found at " + config.device() + " (unplugged?)");
      return false;
    } catch (AccessDeniedException e) {
      health.unreachable(
          "permission denied reading "
              + config.device()
              + "; add the agent's service user to the 'input' group");
      return false;
    } catch (IOException e) {
      health.unreachable("cannot open " + config.device() + ": " + e.getMessage());
      return false;
    }
    reader = new DeviceReader(channel);
    reader.thread.start();
    if (emitter.hasSiteKey()) {
      health.ok();
    }
    return true;
  }

  @Override
  public void close() {
    if (reader != null) {
      reader.stop();
      reader = null;
    }
    for (WedgeLine line = lines.poll(); line != null; line = lines.poll()) {
      if (line instanceof WedgeLine.Uid uid) {
        Arrays.fill(uid.uid(), (byte) 0);
      }
    }
    emitter.close();
    context = null;
  }

  /** Blocks on the device file; ends when the device goes away or the driver closes. */
  private final class DeviceReader implements Runnable {
    private static final long IDLE_AT_END_MS = 20;
    private final FileChannel channel;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile String failure = "USB card reader stopped";

    DeviceReader(FileChannel channel) {
      this.channel = channel;
      this.thread = new Thread(this, deviceId + "-evdev");
      thread.setDaemon(true);
    }

    @Override
    public void run() {
      KeyboardWedgeDecoder decoder = new KeyboardWedgeDecoder(config.eventSize(), config.uidText());
      ByteBuffer buffer = ByteBuffer.allocate(config.eventSize() * 64);
      try {
        while (!stopping) {
          buffer.clear();
          int read = channel.read(buffer);
          if (read < 0) {
            // An evdev device never ends; a plain file or pipe (simulator) may, so wait for more.
            if (!Files.exists(config.device())) {
              failure = "USB card reader unplugged (" + config.device() + " is gone)";
              return;
            }
            TimeUnit.MILLISECONDS.sleep(IDLE_AT_END_MS);
            continue;
          }
          lines.addAll(decoder.feed(buffer.array(), 0, read));
          Arrays.fill(buffer.array(), 0, read, (byte) 0);
        }
      } catch (ClosedChannelException | InterruptedException e) {
        failure = "USB card reader at " + config.device() + " was closed";
      } catch (IOException e) {
        failure =
            "USB card reader at "
                + config.device()
                + " stopped: "
                + e.getMessage()
                + " (unplugged?)";
      } finally {
        closeQuietly();
      }
    }

    void stop() {
      stopping = true;
      closeQuietly();
      thread.interrupt();
      try {
        thread.join(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void closeQuietly() {
      try {
        channel.close();
      } catch (IOException e) {
        // Nothing left to release.
      }
    }
  }
}
