package io.campusedge.simulators.devices.env;

import io.campusedge.drivers.bus.BusException;
import io.campusedge.drivers.env.bme280.Bme280Calibration;
import io.campusedge.simulators.bus.I2cChip;
import java.util.Arrays;

/**
 * A Bosch BME280 (or BMP280) behind its I2C registers: chip id, calibration NVM, ctrl_hum /
 * ctrl_meas / status, and the ADC data block. A forced-mode write starts a conversion whose raw
 * values are found by inverting the datasheet's double-precision compensation (appendix 8.1, an
 * implementation independent of the driver's integer code) for the temperature, pressure and
 * humidity set on the chip. Faults: wrong chip id, calibration NVM reading all ones, a conversion
 * that never finishes, truncated reads, and a power cycle (registers back to reset values).
 */
public final class Bme280Chip implements I2cChip {
  /** The BMP280 datasheet section 3.12 example trimming, plus typical BME280 humidity trimming. */
  public static final Bme280Calibration TYPICAL =
      new Bme280Calibration(
          27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000, 75, 362, 0,
          313, 50, 30);

  private final boolean humidity;
  private final int chipId;
  private final Bme280Calibration cal;
  private final byte[] regs = new byte[256];
  private int pointer;
  private int busyStatusReads;

  private volatile double celsius = 24.0;
  private volatile double pascal = 100_800;
  private volatile double relativeHumidity = 65;

  private volatile Integer wrongChipId;
  private volatile boolean stuckBusy;
  private volatile boolean calibrationAllOnes;
  private volatile int truncateTo = -1;
  private final int conversionStatusReads = 1;

  private Bme280Chip(boolean humidity, Bme280Calibration cal) {
    this.humidity = humidity;
    this.chipId = humidity ? 0x60 : 0x58;
    this.cal = cal;
    powerOnReset();
  }

  public static Bme280Chip bme280() {
    return new Bme280Chip(true, TYPICAL);
  }

  /** A BME280 with its own trimming, e.g. to check that a replaced sensor's NVM is re-read. */
  public static Bme280Chip bme280(Bme280Calibration calibration) {
    return new Bme280Chip(true, calibration);
  }

  public static Bme280Chip bmp280() {
    return new Bme280Chip(false, TYPICAL);
  }

  public Bme280Chip air(double celsius, double pascal, double relativeHumidity) {
    this.celsius = celsius;
    this.pascal = pascal;
    this.relativeHumidity = relativeHumidity;
    return this;
  }

  /** Fault: another chip answers at the address (null clears). */
  public Bme280Chip wrongChipId(Integer id) {
    this.wrongChipId = id;
    return this;
  }

  /** Fault: the measuring bit of the status register never clears. */
  public Bme280Chip stuckBusy(boolean stuck) {
    this.stuckBusy = stuck;
    return this;
  }

  /** Fault: the calibration NVM reads as 0xFF (a bus held high). */
  public Bme280Chip calibrationAllOnes(boolean garbage) {
    this.calibrationAllOnes = garbage;
    return this;
  }

  /** Fault: every read returns at most {@code bytes} bytes (-1 clears). */
  public Bme280Chip truncateReads(int bytes) {
    this.truncateTo = bytes;
    return this;
  }

  /** Power lost and back: settings and data registers return to their reset values. */
  public synchronized Bme280Chip powerCycle() {
    powerOnReset();
    return this;
  }

  public synchronized int ctrlMeas() {
    return regs[0xF4] & 0xFF;
  }

  private void powerOnReset() {
    Arrays.fill(regs, (byte) 0);
    regs[0xD0] = (byte) chipId;
    writeCalibration();
    // Data registers read 0x80000 / 0x8000 until a conversion has run (datasheet table 18).
    regs[0xF7] = (byte) 0x80;
    regs[0xFA] = (byte) 0x80;
    regs[0xFD] = (byte) 0x80;
    busyStatusReads = 0;
  }

  private void writeCalibration() {
    int[] words = {
      cal.t1(), cal.t2(), cal.t3(), cal.p1(), cal.p2(), cal.p3(), cal.p4(), cal.p5(), cal.p6(),
      cal.p7(), cal.p8(), cal.p9()
    };
    for (int i = 0; i < words.length; i++) {
      regs[0x88 + 2 * i] = (byte) words[i];
      regs[0x89 + 2 * i] = (byte) (words[i] >> 8);
    }
    if (humidity) {
      regs[0xA1] = (byte) cal.h1();
      regs[0xE1] = (byte) cal.h2();
      regs[0xE2] = (byte) (cal.h2() >> 8);
      regs[0xE3] = (byte) cal.h3();
      regs[0xE4] = (byte) (cal.h4() >> 4);
      regs[0xE5] = (byte) ((cal.h4() & 0x0F) | ((cal.h5() & 0x0F) << 4));
      regs[0xE6] = (byte) (cal.h5() >> 4);
      regs[0xE7] = (byte) cal.h6();
    }
  }

  /** A write is a register address alone (sets the read pointer) or (register, value) pairs. */
  @Override
  public synchronized void write(byte[] data) throws BusException {
    if (data.length == 0) {
      return;
    }
    pointer = data[0] & 0xFF;
    for (int i = 1; i < data.length; i += 2) {
      writeRegister(data[i - 1] & 0xFF, data[i] & 0xFF);
    }
  }

  private void writeRegister(int register, int value) {
    if (register == 0xE0 && value == 0xB6) {
      powerOnReset();
      return;
    }
    if (register == 0xF2 || register == 0xF4 || register == 0xF5) {
      regs[register] = (byte) value;
    }
    if (register == 0xF4 && (value & 0x03) != 0) {
      convert();
    }
  }

  private void convert() {
    int osrsT = (regs[0xF4] & 0xFF) >> 5;
    int osrsP = ((regs[0xF4] & 0xFF) >> 2) & 0x07;
    int osrsH = regs[0xF2] & 0x07;
    int adcT = osrsT == 0 ? 0x80000 : rawTemperature(celsius);
    int tFine = (int) tFineDouble(adcT);
    int adcP = osrsP == 0 ? 0x80000 : rawPressure(tFine, pascal);
    int adcH = osrsH == 0 ? 0x8000 : rawHumidity(tFine, relativeHumidity);
    regs[0xF7] = (byte) (adcP >> 12);
    regs[0xF8] = (byte) (adcP >> 4);
    regs[0xF9] = (byte) ((adcP & 0x0F) << 4);
    regs[0xFA] = (byte) (adcT >> 12);
    regs[0xFB] = (byte) (adcT >> 4);
    regs[0xFC] = (byte) ((adcT & 0x0F) << 4);
    if (humidity) {
      regs[0xFD] = (byte) (adcH >> 8);
      regs[0xFE] = (byte) adcH;
    }
    busyStatusReads = conversionStatusReads;
    // Forced mode falls back to sleep after the conversion (datasheet 3.3.3).
    regs[0xF4] = (byte) (regs[0xF4] & 0xFC);
  }

  @Override
  public synchronized byte[] read(int length) throws BusException {
    int n = truncateTo >= 0 ? Math.min(length, truncateTo) : length;
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      out[i] = (byte) readRegister(pointer + i);
    }
    pointer += n;
    return out;
  }

  private int readRegister(int register) {
    if (register == 0xD0 && wrongChipId != null) {
      return wrongChipId;
    }
    if (calibrationAllOnes
        && ((register >= 0x88 && register <= 0xA1) || (register >= 0xE1 && register <= 0xE7))) {
      return 0xFF;
    }
    if (register == 0xF3) {
      boolean busy = stuckBusy || busyStatusReads > 0;
      busyStatusReads = Math.max(0, busyStatusReads - 1);
      return busy ? 0x08 : 0x00;
    }
    return regs[register & 0xFF] & 0xFF;
  }

  // Datasheet appendix 8.1 (double precision), used only to find raw values for given air.

  private double tFineDouble(int adcT) {
    double var1 = (adcT / 16384.0 - cal.t1() / 1024.0) * cal.t2();
    double d = adcT / 131072.0 - cal.t1() / 8192.0;
    return var1 + d * d * cal.t3();
  }

  private double pressureDouble(int tFine, int adcP) {
    double var1 = tFine / 2.0 - 64000.0;
    double var2 = var1 * var1 * cal.p6() / 32768.0;
    var2 = var2 + var1 * cal.p5() * 2.0;
    var2 = var2 / 4.0 + cal.p4() * 65536.0;
    var1 = (cal.p3() * var1 * var1 / 524288.0 + cal.p2() * var1) / 524288.0;
    var1 = (1.0 + var1 / 32768.0) * cal.p1();
    double p = 1048576.0 - adcP;
    p = (p - var2 / 4096.0) * 6250.0 / var1;
    var1 = cal.p9() * p * p / 2147483648.0;
    var2 = p * cal.p8() / 32768.0;
    return p + (var1 + var2 + cal.p7()) / 16.0;
  }

  private double humidityDouble(int tFine, int adcH) {
    double h = tFine - 76800.0;
    h =
        (adcH - (cal.h4() * 64.0 + cal.h5() / 16384.0 * h))
            * (cal.h2()
                / 65536.0
                * (1.0 + cal.h6() / 67108864.0 * h * (1.0 + cal.h3() / 67108864.0 * h)));
    return h * (1.0 - cal.h1() * h / 524288.0);
  }

  private int rawTemperature(double target) {
    return search(0, (1 << 20) - 1, adc -> tFineDouble(adc) / 5120.0 >= target);
  }

  private int rawPressure(int tFine, double target) {
    // Pressure falls as the raw value rises.
    return search(0, (1 << 20) - 1, adc -> pressureDouble(tFine, adc) <= target);
  }

  private int rawHumidity(int tFine, double target) {
    return search(0, 0xFFFF, adc -> humidityDouble(tFine, adc) >= target);
  }

  /** The smallest value in [lo, hi] for which {@code reached} holds (it is monotonic). */
  private static int search(int lo, int hi, java.util.function.IntPredicate reached) {
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (reached.test(mid)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }
}
