package io.campusedge.simulators.fleet;

/** What a gateway needs to connect: its id, school and MQTT password (never printed). */
public record GatewayCredentials(String site, String gatewayId, String password) {
  @Override
  public String toString() {
    return "GatewayCredentials[site=" + site + ", gatewayId=" + gatewayId + ", password=***]";
  }
}
