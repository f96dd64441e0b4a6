package io.campusedge.drivers.api;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The driver factories found on the class path, by type name. */
public final class DriverRegistry {
  private final Map<String, DriverFactory> factories;

  private DriverRegistry(Map<String, DriverFactory> factories) {
    this.factories = Collections.unmodifiableMap(factories);
  }

  /** Loads every {@link DriverFactory} visible to {@code loader}. Duplicate type names fail. */
  public static DriverRegistry load(ClassLoader loader) {
    Map<String, DriverFactory> found = new TreeMap<>();
    for (DriverFactory factory : ServiceLoader.load(DriverFactory.class, loader)) {
      DriverFactory previous = found.putIfAbsent(factory.type(), factory);
      if (previous != null) {
        throw new IllegalStateException(
            "two drivers claim type '"
                + factory.type()
                + "': "
                + previous.getClass().getName()
                + " and "
                + factory.getClass().getName());
      }
    }
    return new DriverRegistry(found);
  }

  public static DriverRegistry load() {
    return load(DriverRegistry.class.getClassLoader());
  }

  public Optional<DriverFactory> find(String type) {
    return Optional.ofNullable(factories.get(type));
  }

  public java.util.Set<String> types() {
    return factories.keySet();
  }

  /** Creates the driver for {@code spec}, or explains which types exist. */
  public DeviceDriver create(DeviceSpec spec) throws DriverConfigException {
    DriverFactory factory =
        find(spec.type())
            .orElseThrow(
                () ->
                    new DriverConfigException(
                        "device '"
                            + spec.id()
                            + "': unknown type '"
                            + spec.type()
                            + "' (known types: "
                            + String.join(", ", types())
                            + ")"));
    return factory.create(spec);
  }
}
