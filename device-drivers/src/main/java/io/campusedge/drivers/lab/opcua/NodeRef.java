package io.campusedge.drivers.lab.opcua;

import java.util.List;

/**
 * Where a point lives on the server: a NodeId in its string form ({@code ns=2;s=Incubator1/Temp},
 * OPC 10000-6 §5.3.1.10) or a browse path of browse names from the Objects folder, each optionally
 * qualified with a namespace index ({@code 2:Incubator1/2:Temperature}).
 */
sealed interface NodeRef {

  /** As written in the configuration, for messages. */
  String text();

  record ById(String text) implements NodeRef {}

  record ByPath(String text, List<PathElement> elements) implements NodeRef {
    public ByPath {
      elements = List.copyOf(elements);
    }
  }

  /** One browse name; {@code namespace} is -1 when the configuration did not give one. */
  record PathElement(int namespace, String name) {
    boolean matches(int ns, String browseName) {
      return name.equals(browseName) && (namespace < 0 || namespace == ns);
    }
  }
}
