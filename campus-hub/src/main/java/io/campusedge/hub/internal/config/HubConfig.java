package io.campusedge.hub.internal.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;

/** Where the hub keeps its state: {@code campusedge.data-dir}. */
@ConfigurationProperties("campusedge")
public record HubConfig(@Bindable(defaultValue = "./data/hub") @NotBlank String dataDir) {

  public HubConfig {
    // H2 refuses file URLs that are implicitly relative to the working directory.
    if (dataDir != null
        && !dataDir.isBlank()
        && !Path.of(dataDir).isAbsolute()
        && !dataDir.startsWith("./")
        && !dataDir.startsWith("../")) {
      throw new IllegalArgumentException(
          "campusedge.data-dir '"
              + dataDir
              + "' must be absolute or start with ./ (e.g. ./"
              + dataDir
              + ")");
    }
  }

  public Path dataPath() {
    return Path.of(dataDir).toAbsolutePath().normalize();
  }

  public Path brokerPath() {
    return dataPath().resolve("broker");
  }
}
