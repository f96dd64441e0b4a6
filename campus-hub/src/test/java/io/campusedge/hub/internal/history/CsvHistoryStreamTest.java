package io.campusedge.hub.internal.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.hub.internal.store.MetricValue;
import io.campusedge.hub.internal.store.ReadingQuality;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CsvHistoryStreamTest {
  private static final Instant TIME = Instant.parse("2026-03-02T01:00:03Z");

  @Test
  void aRawLineHasIsoTimeValueUnitAndQuality() {
    HistoryPoint point =
        new HistoryPoint.Raw(
            TIME,
            source("temperature", "Cel"),
            new MetricValue.Decimal(23.5),
            ReadingQuality.GOOD,
            "");

    assertThat(CsvHistoryStream.line(point))
        .isEqualTo("2026-03-02T01:00:03Z,s1,A101,gw-a,bme1,temperature,23.5,Cel,GOOD,");
  }

  @Test
  void textWithCommasQuotesAndFormulasIsQuotedAndDefused() {
    HistoryPoint point =
        new HistoryPoint.Raw(
            TIME,
            source("label", "1"),
            new MetricValue.Text("=HYPERLINK(\"x\")"),
            ReadingQuality.UNCERTAIN,
            "warming up, 30 s");

    assertThat(CsvHistoryStream.line(point))
        .endsWith(",\"'=HYPERLINK(\"\"x\"\")\",1,UNCERTAIN,\"warming up, 30 s\"");
  }

  @Test
  void aRollupLineHasCountMinMaxAverage() {
    HistoryPoint point = new HistoryPoint.Rollup(TIME, source("co2", "[ppm]"), 4, 400, 700, 2200);

    assertThat(CsvHistoryStream.line(point))
        .isEqualTo("2026-03-02T01:00:03Z,s1,A101,gw-a,bme1,co2,[ppm],4,400.0,700.0,550.0");
  }

  private static HistoryPoint.Source source(String metric, String unit) {
    return new HistoryPoint.Source(
        Optional.of("s1"), Optional.of("A101"), "gw-a", "bme1", metric, unit);
  }
}
