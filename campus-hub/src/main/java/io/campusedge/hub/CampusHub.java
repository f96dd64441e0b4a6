package io.campusedge.hub;

import io.campusedge.hub.api.HubProperties;
import io.campusedge.hub.api.RunningHub;
import io.campusedge.hub.internal.broker.BrokerControl;
import io.campusedge.hub.internal.config.HubConfig;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.EmbeddedApplication;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The campus hub: embedded broker, ingestion, storage and the live API in one process. */
@OpenAPIDefinition(
    info =
        @Info(
            title = "CampusEdge hub",
            version = "v1",
            description =
                "Rooms with live values, readings history (raw, 1m, 1h; JSON and CSV), gateways,"
                    + " attendance, facilities, labs, alerts, usage reports and webhooks of a"
                    + " CampusEdge campus hub. Every /api/v1 call but enrolment needs a bearer"
                    + " token: the access_token of POST /login, or an API token."),
    security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(
    name = "bearer",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    bearerFormat = "JWT or API token",
    description =
        "POST /login {\"username\",\"password\"} answers {\"access_token\"} (a JWT, one"
            + " hour); API tokens from POST /api/v1/tokens are sent the same way.")
public final class CampusHub {
  private CampusHub() {}

  public static void main(String[] args) {
    Micronaut.build(args).mainClass(CampusHub.class).banner(false).start();
  }

  /**
   * Starts a hub in this JVM with {@code properties} (see {@link HubProperties}) over
   * application.yml; returns once the broker runs and ingestion is subscribed.
   */
  public static RunningHub start(Map<String, Object> properties) {
    Map<String, Object> effective = new HashMap<>(properties);
    Object dataDir = effective.get(HubProperties.DATA_DIR);
    if (dataDir != null) {
      // Absolute, so H2 accepts it whatever the caller's working directory.
      effective.put(
          HubProperties.DATA_DIR, Path.of(dataDir.toString()).toAbsolutePath().toString());
    }
    ApplicationContext context;
    try {
      // Not Micronaut.start(): it exits the JVM when start-up fails, which a caller can't catch.
      context =
          ApplicationContext.builder()
              .mainClass(CampusHub.class)
              .banner(false)
              .deduceEnvironment(false)
              .properties(effective)
              .start();
      context.getBean(EmbeddedApplication.class).start();
    } catch (RuntimeException e) {
      throw new IllegalStateException("CampusEdge hub did not start: " + rootMessage(e), e);
    }
    return new StartedHub(
        context,
        context.getBean(EmbeddedServer.class).getURI(),
        context.getBean(BrokerControl.class).port(),
        context.getBean(HubConfig.class).dataPath());
  }

  /** The innermost message, without Micronaut's injection path. */
  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = String.valueOf(root.getMessage());
    int path = message.indexOf("Path Taken");
    return (path > 0 ? message.substring(0, path) : message).strip();
  }

  private record StartedHub(
      ApplicationContext applicationContext, URI httpUrl, int brokerPort, Path dataDir)
      implements RunningHub {
    @Override
    public void close() {
      if (applicationContext.isRunning()) {
        applicationContext.close();
      }
    }
  }
}
