package io.campusedge.hub.internal.command;

import io.campusedge.hub.internal.environment.DisplayPowerOff;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.Role;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the driver's {@code power-off} action as a gateway command on the hub's own behalf; the
 * command is audited and its result followed like any other (actor {@code hub:auto-power-off}).
 */
@Singleton
public class AutoPowerOff implements DisplayPowerOff {
  private static final Logger LOG = LoggerFactory.getLogger(AutoPowerOff.class);
  static final Caller HUB =
      new Caller("hub:auto-power-off", Caller.Kind.USER, Role.SECTOR_ADMIN, Set.of());

  // Looked up when first used: the commands need the broker, which feeds the alert rules.
  private final BeanProvider<GatewayCommands> commands;

  public AutoPowerOff(BeanProvider<GatewayCommands> commands) {
    this.commands = commands;
  }

  @Override
  public String switchOff(String gatewayId, String deviceId) {
    try {
      SentCommand sent =
          commands
              .get()
              .send(
                  HUB,
                  gatewayId,
                  new CommandRequest(
                      "device-action",
                      deviceId,
                      "power-off",
                      Map.of(),
                      null,
                      null,
                      null,
                      null,
                      null,
                      null,
                      null,
                      null,
                      null));
      LOG.info("Display {} on {} left on: power-off command {}", deviceId, gatewayId, sent.id());
      return "power-off command " + sent.id() + " " + sent.status();
    } catch (RuntimeException e) {
      LOG.warn(
          "Display {} on {} left on: power-off not sent: {}", deviceId, gatewayId, e.getMessage());
      return "power-off not sent: " + e.getMessage();
    }
  }
}
