package io.campusedge.drivers.attendance;

import io.campusedge.drivers.api.RecordSink;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.DeviceStatus;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.Reading;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

public final class RecordingSink implements RecordSink {
  public final List<CardTap> taps = new CopyOnWriteArrayList<>();
  public final List<DeviceStatus> statuses = new CopyOnWriteArrayList<>();

  @Override
  public void reading(Reading reading) {}

  @Override
  public void cardTap(CardTap tap) {
    taps.add(tap);
  }

  @Override
  public void equipmentEvent(EquipmentEvent event) {}

  @Override
  public void deviceStatus(DeviceStatus status) {
    statuses.add(status);
  }
}
