package io.campusedge.hub.internal.command;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;

/**
 * A command for one gateway, as the API takes it. {@code type} says which fields count:
 *
 * <ul>
 *   <li>{@code rebirth}: the gateway publishes its state again;
 *   <li>{@code restart-device}: {@code deviceId};
 *   <li>{@code device-action}: {@code deviceId}, {@code action}, {@code parameters} (e.g. a
 *       projector's {@code power} with {@code state=off});
 *   <li>{@code remove-device}: {@code deviceId};
 *   <li>{@code set-poll-interval}: {@code deviceId}, {@code pollIntervalMs};
 *   <li>{@code add-device}: {@code deviceId}, {@code deviceType}, {@code roomId}, {@code
 *       pollIntervalMs}, {@code params} (driver parameters);
 *   <li>{@code update-offer}: {@code version}, {@code url}, {@code sha256} (hex), {@code signature}
 *       (base64).
 * </ul>
 *
 * {@code expiresInSeconds} (default 600): the gateway answers EXPIRED instead of acting later.
 */
@Serdeable
public record CommandRequest(
    @Nullable String type,
    @Nullable String deviceId,
    @Nullable String action,
    @Nullable Map<String, String> parameters,
    @Nullable Long pollIntervalMs,
    @Nullable String deviceType,
    @Nullable String roomId,
    @Nullable Map<String, Object> params,
    @Nullable String version,
    @Nullable String url,
    @Nullable String sha256,
    @Nullable String signature,
    @Nullable Integer expiresInSeconds) {}
