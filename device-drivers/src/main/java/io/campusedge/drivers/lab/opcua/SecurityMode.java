package io.campusedge.drivers.lab.opcua;

/**
 * The security policies the driver offers (OPC 10000-7 security policy profiles). {@code NONE} is
 * for simulators and closed lab networks only; {@code BASIC256SHA256} always uses SignAndEncrypt.
 */
enum SecurityMode {
  NONE("http://opcfoundation.org/UA/SecurityPolicy#None"),
  BASIC256SHA256("http://opcfoundation.org/UA/SecurityPolicy#Basic256Sha256");

  private final String policyUri;

  SecurityMode(String policyUri) {
    this.policyUri = policyUri;
  }

  String policyUri() {
    return policyUri;
  }
}
