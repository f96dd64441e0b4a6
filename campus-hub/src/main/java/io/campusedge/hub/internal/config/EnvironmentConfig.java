package io.campusedge.hub.internal.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * {@code campusedge.environment}: classroom comfort bands and alert thresholds. Defaults follow
 * published guidance (sources in docs/environment.md): CO2 good up to 1,000 ppm, act above 1,500
 * ppm; temperature 20-26 °C; relative humidity 30-70 %; at least 300 lx in an occupied room;
 * background noise in an empty classroom at most 35 dB(A). An alert is raised when a value stays
 * past its alert threshold for {@code alert-after} and cleared when it stays back inside the band
 * (with a margin, so it does not flap) for {@code clear-after}. A display left on in an empty room
 * outside lessons for {@code display-left-on-after} raises an alert with the power-off command;
 * with {@code display-auto-power-off} the hub sends that command itself.
 */
@ConfigurationProperties("campusedge.environment")
public record EnvironmentConfig(
    @Bindable(defaultValue = "1000") double co2Good,
    @Bindable(defaultValue = "1500") double co2Act,
    @Bindable(defaultValue = "20") double temperatureMin,
    @Bindable(defaultValue = "26") double temperatureMax,
    @Bindable(defaultValue = "2") double temperatureAlertMargin,
    @Bindable(defaultValue = "30") double humidityMin,
    @Bindable(defaultValue = "70") double humidityMax,
    @Bindable(defaultValue = "300") double illuminanceMin,
    @Bindable(defaultValue = "35") double noiseEmptyMax,
    @Bindable(defaultValue = "10") double noiseAlertMargin,
    @Bindable(defaultValue = "5m") @NotNull Duration alertAfter,
    @Bindable(defaultValue = "5m") @NotNull Duration clearAfter,
    @Bindable(defaultValue = "10m") @NotNull Duration deviceFaultAfter,
    @Bindable(defaultValue = "15m") @NotNull Duration displayLeftOnAfter,
    @Bindable(defaultValue = "false") boolean displayAutoPowerOff) {

  public EnvironmentConfig {
    if (co2Act <= co2Good) {
      throw new IllegalArgumentException(
          "campusedge.environment.co2-act ("
              + co2Act
              + ") must be above co2-good ("
              + co2Good
              + ")");
    }
    if (temperatureMax <= temperatureMin || humidityMax <= humidityMin) {
      throw new IllegalArgumentException(
          "campusedge.environment: each -max must be above its -min (temperature "
              + temperatureMin
              + "-"
              + temperatureMax
              + ", humidity "
              + humidityMin
              + "-"
              + humidityMax
              + ")");
    }
  }

  /** The defaults, for tests. */
  public static EnvironmentConfig defaults() {
    return new EnvironmentConfig(
        1000,
        1500,
        20,
        26,
        2,
        30,
        70,
        300,
        35,
        10,
        Duration.ofMinutes(5),
        Duration.ofMinutes(5),
        Duration.ofMinutes(10),
        Duration.ofMinutes(15),
        false);
  }

  /** The same with automatic power-off of displays left on set as given. */
  public EnvironmentConfig withDisplayAutoPowerOff(boolean on) {
    return new EnvironmentConfig(
        co2Good,
        co2Act,
        temperatureMin,
        temperatureMax,
        temperatureAlertMargin,
        humidityMin,
        humidityMax,
        illuminanceMin,
        noiseEmptyMax,
        noiseAlertMargin,
        alertAfter,
        clearAfter,
        deviceFaultAfter,
        displayLeftOnAfter,
        on);
  }
}
