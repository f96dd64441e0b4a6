package io.campusedge.hub.internal.broker;

/** A username and password for an MQTT CONNECT; the password never appears in logs. */
public record MqttCredentials(String username, String password) {
  @Override
  public String toString() {
    return "MqttCredentials[username=" + username + ", password=***]";
  }
}
