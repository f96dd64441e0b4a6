package io.campusedge.hub.internal.broker;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process HiveMQ extension: authenticates every CONNECT against the hub's users and gives each
 * client the topic permissions of its role.
 */
final class HubBrokerExtension implements ExtensionMain {
  private static final Logger LOG = LoggerFactory.getLogger(HubBrokerExtension.class);
  private static final Duration AUTH_TIMEOUT = Duration.ofSeconds(10);

  private final MqttUsers users;

  HubBrokerExtension(MqttUsers users) {
    this.users = users;
  }

  @Override
  public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
    SimpleAuthenticator authenticator = this::authenticate;
    Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
  }

  @Override
  public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {}

  // Password hashing and the database lookup run off HiveMQ's network threads.
  private void authenticate(SimpleAuthInput input, SimpleAuthOutput output) {
    Async<SimpleAuthOutput> async =
        output.async(AUTH_TIMEOUT, TimeoutFallback.FAILURE, ConnackReasonCode.NOT_AUTHORIZED);
    Services.extensionExecutorService()
        .submit(
            () -> {
              try {
                decide(input.getConnectPacket(), output);
              } catch (RuntimeException e) {
                LOG.error(
                    "Authentication of client {} failed",
                    input.getClientInformation().getClientId(),
                    e);
                output.failAuthentication(ConnackReasonCode.UNSPECIFIED_ERROR, "hub error");
              } finally {
                async.resume();
              }
            });
  }

  private void decide(ConnectPacket connect, SimpleAuthOutput output) {
    Optional<MqttPrincipal> principal =
        users.authenticate(
            connect.getUserName(), connect.getPassword().map(HubBrokerExtension::bytes));
    if (principal.isEmpty()) {
      LOG.info(
          "Refused MQTT client {}: user '{}' unknown or wrong password",
          connect.getClientId(),
          connect.getUserName().orElse("(anonymous)"));
      output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "not authorized");
      return;
    }
    ModifiableDefaultPermissions permissions = output.getDefaultPermissions();
    for (TopicRule rule : users.rules(principal.get())) {
      permissions.add(permission(rule));
    }
    permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
    output.authenticateSuccessfully();
  }

  private static TopicPermission permission(TopicRule rule) {
    var builder =
        Builders.topicPermission()
            .topicFilter(rule.filter())
            .type(TopicPermission.PermissionType.ALLOW)
            .activity(TopicPermission.MqttActivity.valueOf(rule.activity().name()));
    if (rule.sharing() == TopicRule.Sharing.HUB_GROUP) {
      return builder
          .sharedSubscription(TopicPermission.SharedSubscription.ALL)
          .sharedGroup(io.campusedge.protos.v1.Topics.HUB_SHARE_GROUP)
          .build();
    }
    return builder.sharedSubscription(TopicPermission.SharedSubscription.NOT_SHARED).build();
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] copy = new byte[buffer.remaining()];
    buffer.duplicate().get(copy);
    return copy;
  }
}
