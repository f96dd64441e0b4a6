package io.campusedge.hub.internal.security;

import io.campusedge.hub.internal.config.HubConfig;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import java.util.Optional;

/** The {@link MasterKey} from {@code campusedge.security.master-key} or {data-dir}/master.key. */
@Factory
public class MasterKeyFactory {

  // Made at start-up, so a malformed key in the configuration stops the hub at once.
  @Context
  MasterKey masterKey(
      @Nullable @Value("${campusedge.security.master-key:}") String configured, HubConfig hub) {
    return MasterKey.load(Optional.ofNullable(configured), hub.dataPath());
  }
}
