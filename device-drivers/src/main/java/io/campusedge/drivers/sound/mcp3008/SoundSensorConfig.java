package io.campusedge.drivers.sound.mcp3008;

/**
 * An analog sound module on MCP3008 {@code channel} behind SPI {@code bus}.{@code chipSelect},
 * sampled {@code samples} times per poll.
 */
record SoundSensorConfig(
    String deviceId,
    int bus,
    int chipSelect,
    int speedHz,
    int channel,
    int samples,
    SoundLevel.Calibration calibration) {}
