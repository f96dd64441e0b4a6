package io.campusedge.drivers.api;

import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.DeviceStatus;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.Reading;

/**
 * Receives what drivers observe. The agent's sink stores each record durably before it returns for
 * attendance; telemetry may be grouped into the next commit.
 */
public interface RecordSink {
  void reading(Reading reading);

  void cardTap(CardTap tap);

  void equipmentEvent(EquipmentEvent event);

  void deviceStatus(DeviceStatus status);
}
