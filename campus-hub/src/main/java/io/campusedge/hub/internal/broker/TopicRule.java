package io.campusedge.hub.internal.broker;

import io.campusedge.protos.v1.Topics;
import java.util.ArrayList;
import java.util.List;

/**
 * One allowed activity on a topic filter. A client may do what one of its rules allows and nothing
 * else.
 */
record TopicRule(String filter, Activity activity, Sharing sharing) {

  enum Activity {
    PUBLISH,
    SUBSCRIBE,
    ALL
  }

  enum Sharing {
    /** Plain subscriptions only. */
    NOT_SHARED,
    /** Plain subscriptions and {@code $share/hub/...}. */
    HUB_GROUP
  }

  static List<TopicRule> of(MqttPrincipal principal) {
    if (principal instanceof MqttPrincipal.Gateway gateway) {
      return gatewayRules(gateway.site(), gateway.gatewayId());
    }
    if (principal instanceof MqttPrincipal.Hub) {
      return List.of(new TopicRule("campusedge/#", Activity.ALL, Sharing.HUB_GROUP));
    }
    // Never shared: an observer in the hub's share group would take data away from the hub.
    return List.of(new TopicRule("campusedge/#", Activity.SUBSCRIBE, Sharing.NOT_SHARED));
  }

  /**
   * Rules of an interop namespace: a gateway's own Sparkplug or Kura topics; for the hub, the
   * namespace's filters, never shared (a host application must see every message of its nodes);
   * nothing for the observer.
   */
  static List<TopicRule> foreign(MqttPrincipal principal, ForeignTopicAccess access) {
    List<TopicRule> rules = new ArrayList<>();
    if (principal instanceof MqttPrincipal.Gateway gateway) {
      access.publishFilters(gateway.gatewayId()).forEach(filter -> rules.add(publish(filter)));
      access.subscribeFilters(gateway.gatewayId()).forEach(filter -> rules.add(subscribe(filter)));
    } else if (principal instanceof MqttPrincipal.Hub) {
      access
          .hubFilters()
          .forEach(filter -> rules.add(new TopicRule(filter, Activity.ALL, Sharing.NOT_SHARED)));
    }
    return rules;
  }

  private static List<TopicRule> gatewayRules(String site, String gatewayId) {
    return List.of(
        publish(Topics.topic(site, gatewayId, Topics.Kind.DATA)),
        publish(Topics.topic(site, gatewayId, Topics.Kind.STATE)),
        publish(Topics.topic(site, gatewayId, Topics.Kind.CMD_RESULT)),
        subscribe(Topics.topic(site, gatewayId, Topics.Kind.ACK)),
        subscribe(Topics.topic(site, gatewayId, Topics.Kind.CMD)));
  }

  private static TopicRule publish(String topic) {
    return new TopicRule(topic, Activity.PUBLISH, Sharing.NOT_SHARED);
  }

  private static TopicRule subscribe(String topic) {
    return new TopicRule(topic, Activity.SUBSCRIBE, Sharing.NOT_SHARED);
  }
}
