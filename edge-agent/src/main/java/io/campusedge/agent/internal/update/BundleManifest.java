package io.campusedge.agent.internal.update;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code manifest.json} of an update bundle: the version it installs, when it was built, the agent
 * jar's name, the oldest version it may upgrade (empty: any older one) and the SHA-256 (hex) of
 * every other file in the bundle. The release signature covers these exact bytes.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BundleManifest(
    int format,
    String version,
    String created,
    String agentJar,
    String minimumFrom,
    Map<String, String> files) {
  public static final int FORMAT = 1;
  public static final String FILE = "manifest.json";
  public static final String SIGNATURE_FILE = "manifest.sig";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public BundleManifest {
    files = files == null ? Map.of() : new TreeMap<>(files);
    minimumFrom = minimumFrom == null ? "" : minimumFrom;
  }

  public static BundleManifest parse(byte[] json) throws BundleException {
    BundleManifest manifest;
    try {
      manifest = JSON.readValue(json, BundleManifest.class);
    } catch (IOException e) {
      throw new BundleException(
          "manifest.json is not valid: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (manifest.format != FORMAT) {
      throw new BundleException(
          "manifest.json format "
              + manifest.format
              + " is not known to this agent ("
              + FORMAT
              + ")");
    }
    if (SemanticVersion.parse(manifest.version).isEmpty()) {
      throw new BundleException("manifest.json version '" + manifest.version + "' is not x.y.z");
    }
    if (manifest.agentJar == null || !manifest.files.containsKey(manifest.agentJar)) {
      throw new BundleException("manifest.json names no agent jar among its files");
    }
    return manifest;
  }

  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException("manifest cannot be written", e);
    }
  }
}
