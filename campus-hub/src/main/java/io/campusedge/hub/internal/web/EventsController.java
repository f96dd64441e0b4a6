package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.alerts.AlertKind;
import io.campusedge.hub.internal.attendance.RosterStore;
import io.campusedge.hub.internal.config.EventsConfig;
import io.campusedge.hub.internal.events.LiveEvent;
import io.campusedge.hub.internal.events.LiveEvents;
import io.campusedge.hub.internal.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * Live events as Server-Sent Events: {@code reading} (every role), {@code gateway} (admins and
 * technicians), {@code attendance} (admins; teachers for their classes) and {@code alert} (by the
 * alert's area), only of the caller's schools; a {@code : heartbeat} comment keeps idle connections
 * open.
 */
@Controller("/api/v1/events")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class EventsController {
  private final LiveEvents events;
  private final EventsConfig config;
  private final RosterStore roster;

  public EventsController(LiveEvents events, EventsConfig config, RosterStore roster) {
    this.events = events;
    this.config = config;
    this.roster = roster;
  }

  /**
   * @param site school code; 403 if outside the caller's schools
   * @param room room id; readings of other rooms are left out
   */
  @Get(produces = MediaType.TEXT_EVENT_STREAM)
  public Publisher<Event<Object>> events(
      @QueryValue @Nullable String site,
      @QueryValue @Nullable String room,
      Authentication authentication) {
    Caller caller = Caller.of(authentication);
    String oneSite = site == null || site.isEmpty() ? null : site;
    String oneRoom = room == null || room.isEmpty() ? null : room;
    if (oneSite != null) {
      caller.requireSite(oneSite);
    }
    // A teacher's classes per school, looked up once per stream (a new roster needs a reconnect).
    Map<String, Set<String>> taught = new ConcurrentHashMap<>();
    Predicate<LiveEvent> filter =
        event -> {
          if (!caller.canSee(event.site()) || (oneSite != null && !oneSite.equals(event.site()))) {
            return false;
          }
          if (event instanceof LiveEvent.ReadingEvent reading) {
            return caller.role().seesRooms() && (oneRoom == null || oneRoom.equals(reading.room()));
          }
          if (event instanceof LiveEvent.AttendanceEvent mark) {
            return caller.role().isAdmin()
                || taught
                    .computeIfAbsent(mark.site(), s -> roster.classesTaughtBy(s, caller.name()))
                    .contains(mark.classId());
          }
          if (event instanceof LiveEvent.AlertEvent alert) {
            return AlertKind.valueOf(alert.kind()).visibleTo(caller.role())
                && (oneRoom == null || oneRoom.equals(alert.room()));
          }
          return caller.role().seesGateways();
        };
    Flux<Event<Object>> live =
        events
            .subscribe(caller.auditName(), filter)
            .map(event -> Event.<Object>of(event).name(event.name()));
    Flux<Event<Object>> heartbeats =
        Flux.interval(config.heartbeat())
            .onBackpressureDrop()
            .map(tick -> Event.<Object>of("").comment("heartbeat"));
    // Subscribed in this order: the stream is registered before the first comment goes out, so a
    // client that has read ": connected" misses no event published after it.
    return Flux.merge(live, Flux.just(Event.<Object>of("").comment("connected")), heartbeats);
  }
}
