package io.campusedge.agent.internal.status;

import io.campusedge.agent.internal.health.HealthReport;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The status page as HTML: one column, large type, readable on a phone; refreshes itself. */
final class StatusPage {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Asia/Ho_Chi_Minh"));

  private StatusPage() {}

  static String html(HealthReport report) {
    StringBuilder page = new StringBuilder(4096);
    page.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<meta http-equiv=\"refresh\" content=\"10\">")
        .append("<title>")
        .append(esc(report.gatewayId()))
        .append(" – CampusEdge gateway</title><style>")
        .append("body{font-family:sans-serif;margin:1em;max-width:40em;font-size:1.05em}")
        .append("table{border-collapse:collapse;width:100%;margin-bottom:1em}")
        .append("td,th{border-bottom:1px solid #ccc;padding:.35em;text-align:left}")
        .append(".ok{color:#075}.bad{color:#b00}h1{font-size:1.4em}h2{font-size:1.15em}")
        .append("</style></head><body>");
    page.append("<h1>Gateway ")
        .append(esc(report.gatewayId()))
        .append(" · ")
        .append(esc(report.site()))
        .append("</h1>");
    if (report.healthy()) {
      page.append("<p class=\"ok\"><b>OK</b> – everything works.</p>");
    } else {
      page.append("<p class=\"bad\"><b>Needs attention</b></p><ul>");
      report
          .problems()
          .forEach(p -> page.append("<li class=\"bad\">").append(esc(p)).append("</li>"));
      page.append("</ul>");
    }
    HealthReport.Connection c = report.connection();
    page.append("<h2>Hub connection</h2><table>");
    row(page, "Broker", c.broker());
    row(page, "Connected", c.connected() ? "yes" : "no");
    row(page, "Reconnects", c.reconnects());
    row(page, "Records sent", c.recordsPublished());
    row(page, "Send rate", String.format("%.2f records/s (last minute)", c.publishRatePerSecond()));
    page.append("</table>");
    HealthReport.Outbox o = report.outbox();
    page.append("<h2>Outbox (kept until the hub confirms)</h2><table>");
    row(page, "Waiting", o.pendingRecords() + " records, " + o.pendingBytes() + " bytes");
    row(page, "Disk full", o.diskFull() ? "YES since " + time(o.diskFullSinceMs()) : "no");
    row(page, "Damaged outbox files kept", o.corruptFilesKept());
    page.append("</table><table><tr><th>Lane</th><th>Waiting</th><th>Oldest</th>")
        .append("<th>Evicted</th><th>Dropped (disk full)</th><th>In memory</th></tr>");
    for (HealthReport.Lane lane : o.lanes()) {
      page.append("<tr><td>")
          .append(esc(lane.lane()))
          .append("</td><td>")
          .append(lane.pendingRecords())
          .append("</td><td>")
          .append(lane.pendingRecords() == 0 ? "–" : age(lane.oldestPendingAgeMs()))
          .append("</td><td>")
          .append(lane.evicted())
          .append("</td><td>")
          .append(lane.droppedDiskFull())
          .append("</td><td>")
          .append(lane.heldInMemory())
          .append("</td></tr>");
    }
    page.append("</table><h2>Devices</h2><table><tr><th>Device</th><th>Type</th><th>Room</th>")
        .append("<th>State</th><th>Errors</th></tr>");
    for (HealthReport.Device d : report.devices()) {
      page.append("<tr><td>")
          .append(esc(d.id()))
          .append("</td><td>")
          .append(esc(d.type()))
          .append("</td><td>")
          .append(esc(d.room()))
          .append("</td><td class=\"")
          .append(d.reachable() ? "ok\">reachable" : "bad\">not reachable")
          .append("</td><td>")
          .append(d.errors() + d.badReadings());
      if (!d.lastError().isEmpty()) {
        page.append("<br><small>").append(esc(d.lastError())).append("</small>");
      }
      page.append("</td></tr>");
    }
    HealthReport.Clock clock = report.clock();
    page.append("</table><h2>Clock</h2><table>");
    row(page, "Synchronised", clock.synced() ? "yes (" + clock.source() + ")" : "NO");
    row(page, "Gateway time", time(report.timeMs()));
    row(page, "Boot id", clock.bootId());
    page.append("</table><p><small>Software ")
        .append(esc(report.softwareVersion()))
        .append(" · <a href=\"/status.json\">status.json</a></small></p></body></html>");
    return page.toString();
  }

  private static void row(StringBuilder page, String name, Object value) {
    page.append("<tr><th>")
        .append(esc(name))
        .append("</th><td>")
        .append(esc(String.valueOf(value)))
        .append("</td></tr>");
  }

  private static String time(long ms) {
    return ms == 0 ? "–" : TIME.format(Instant.ofEpochMilli(ms)) + " (Hà Nội)";
  }

  private static String age(long ms) {
    long s = ms / 1000;
    if (s < 120) {
      return s + " s";
    }
    return s < 7200 ? s / 60 + " min" : s / 3600 + " h";
  }

  static String esc(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
