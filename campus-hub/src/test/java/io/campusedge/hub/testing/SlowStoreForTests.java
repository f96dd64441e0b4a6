package io.campusedge.hub.testing;

import io.campusedge.hub.internal.store.BatchOutcome;
import io.campusedge.hub.internal.store.RecordStore;
import io.campusedge.hub.internal.store.StoredReading;
import io.campusedge.protos.v1.Batch;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;

/**
 * Test hook: with {@code campusedge.test.store-delay} set, every store transaction first waits that
 * long, as a database under load would; the hub's queue then fills and backpressure shows.
 */
@Singleton
@Requires(property = SlowStoreForTests.DELAY)
public class SlowStoreForTests implements BeanCreatedEventListener<RecordStore> {
  public static final String DELAY = "campusedge.test.store-delay";

  private final Duration delay;

  public SlowStoreForTests(@Property(name = DELAY) Duration delay) {
    this.delay = delay;
  }

  @Override
  public RecordStore onCreated(BeanCreatedEvent<RecordStore> event) {
    RecordStore real = event.getBean();
    return new RecordStore() {
      @Override
      public BatchOutcome store(Batch batch) {
        pause();
        return real.store(batch);
      }

      @Override
      public List<BatchOutcome> storeAll(List<Batch> batches) {
        pause();
        return real.storeAll(batches);
      }

      @Override
      public List<StoredReading> latestReadings() {
        return real.latestReadings();
      }
    };
  }

  // A negative delay: the store never commits (a hub that dies mid-transaction); interrupted at
  // stop, it fails like a lost database connection.
  private void pause() {
    try {
      Thread.sleep(delay.isNegative() ? Long.MAX_VALUE : delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (delay.isNegative()) {
        throw new IllegalStateException("hub stopped before the commit");
      }
    }
  }
}
