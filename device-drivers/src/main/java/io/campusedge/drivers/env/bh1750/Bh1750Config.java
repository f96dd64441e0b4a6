package io.campusedge.drivers.env.bh1750;

/**
 * One BH1750 on I2C {@code bus} at 0x23 (ADDR low) or 0x5C (ADDR high). {@code continuous} keeps it
 * converting; otherwise each poll asks for one conversion and the chip powers down after.
 */
record Bh1750Config(String deviceId, int bus, int address, boolean continuous) {}
