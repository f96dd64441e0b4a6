package io.campusedge.hub;

import static io.campusedge.hub.HubApi.get;
import static io.campusedge.hub.HubApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.ByteString;
import io.campusedge.hub.api.RunningHub;
import io.campusedge.hub.internal.attendance.SchoolFixture;
import io.campusedge.hub.internal.events.LiveEvents;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.ClockState;
import io.campusedge.protos.v1.DeviceHealth;
import io.campusedge.protos.v1.DeviceInfo;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.EquipmentEventKind;
import io.campusedge.protos.v1.GatewayHealth;
import io.campusedge.protos.v1.GatewayState;
import io.campusedge.protos.v1.OutboxStats;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import io.campusedge.protos.v1.Room;
import io.campusedge.protos.v1.Severity;
import io.micronaut.json.tree.JsonNode;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in headless Chromium (Debian's chromium and chromedriver, installed by .ci/run)
 * against a real hub fed by a gateway over MQTT: sign-in, a live reading on the overview within 2
 * s, acknowledging an alert, a teacher correcting a mark, a teacher kept out of another school's
 * room, the lab, fleet and sector pages, the English texts and a 360 px phone layout. Screenshots
 * of every page go to target/dashboard-screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path SHOTS = Path.of("target", "dashboard-screenshots");
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String SITE = SchoolFixture.SITE;
  private static final String OTHER_SITE = "THPT-X";
  private static final String PASSWORD = "a-long-password";
  private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final String SIGNING_IN = "Đang đăng nhập…";
  private static final Duration INPUT_WAIT = Duration.ofSeconds(5);

  @TempDir static Path dataDir;
  private RunningHub hub;
  private URI base;
  private TestGateway gateway;
  private TestGateway otherGateway;
  private ChromeDriver browser;
  private final Map<TestGateway, Long> seqs = new java.util.HashMap<>();
  private final LocalDate today = LocalDate.now(ZONE);

  @BeforeAll
  void start() throws Exception {
    boolean installed = Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
    if (!installed && System.getenv("CI") != null) {
      fail("chromium and chromium-driver are not installed; .ci/run installs them");
    }
    assumeTrue(installed, "apt-get install chromium chromium-driver to run the dashboard tests");
    Files.createDirectories(SHOTS);
    int brokerPort = TestHubs.freePort();
    hub =
        CampusHub.start(
            TestHubs.properties(
                dataDir,
                brokerPort,
                "sector-admin-password",
                List.of(
                    Map.of("id", "gw-a101", "site", SITE, "password", "secret-a"),
                    Map.of("id", "gw-x1", "site", OTHER_SITE, "password", "secret-x"))));
    base = hub.httpUrl();
    String admin = HubApi.token(base, "admin", "sector-admin-password");
    TestHubs.createUsers(
        base,
        admin,
        PASSWORD,
        new String[] {"hieu.truong", "SCHOOL_ADMIN", SITE},
        new String[] {"co.lan", "TEACHER", SITE},
        new String[] {"ky.thuat", "TECHNICIAN", SITE},
        new String[] {"thi.nghiem", "LAB_STAFF", SITE});
    gateway = TestGateway.connect(brokerPort, SITE, "gw-a101", "secret-a");
    gateway.publishState(state(SITE, "gw-a101", "A101", "Phòng A101"));
    otherGateway = TestGateway.connect(brokerPort, OTHER_SITE, "gw-x1", "secret-x");
    otherGateway.publishState(state(OTHER_SITE, "gw-x1", "X101", "Phòng X101"));
    publish(gateway, reading("a101-env", "co2", 650), reading("a101-env", "temperature", 24.5));
    publish(otherGateway, reading("x101-env", "co2", 700));
    setUpAttendance(HubApi.token(base, "hieu.truong", PASSWORD));

    ChromeOptions options = new ChromeOptions();
    LoggingPreferences console = new LoggingPreferences();
    console.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, console);
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    for (TestGateway g : new TestGateway[] {gateway, otherGateway}) {
      if (g != null) {
        g.close();
      }
    }
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  @Order(1)
  void signInRefusesAWrongPasswordAndOpensTheOverview() throws Exception {
    browser.get(base.resolve("/").toString());
    waitFor(By.id("username"));
    shot("login");
    signIn("hieu.truong", "not-the-password");
    waitForText(By.cssSelector(".login [role=alert]"), "Sai tên đăng nhập hoặc mật khẩu");
    signIn("hieu.truong", PASSWORD);
    WebElement tile = waitFor(By.id("tile-THPT-T-A101"));
    assertThat(tile.getText()).contains("Phòng A101", "650 ppm", "24.5 °C", "Lớp 10A1 - Toán");
    assertThat(browser.findElements(By.id("tile-THPT-X-X101"))).isEmpty();
  }

  @Test
  @Order(2)
  void aReadingFromTheGatewayAppearsOnTheOverviewWithin2Seconds() throws Exception {
    WebElement co2 = waitFor(By.cssSelector("#tile-THPT-T-A101 [data-metric=co2]"));
    waitForLiveStream();
    long published = System.nanoTime();
    publish(gateway, reading("a101-env", "co2", 1234));
    new WebDriverWait(browser, Duration.ofSeconds(2))
        .until(ExpectedConditions.textToBePresentInElement(co2, "1234 ppm"));
    long millis = (System.nanoTime() - published) / 1_000_000;
    System.out.printf("dashboard: reading on the overview %d ms after it was published%n", millis);
    shot("overview");
  }

  @Test
  @Order(3)
  void anAlertIsAcknowledgedFromTheOverview() throws Exception {
    publish(gateway, tap("a101-door", "card-of-nobody"));
    WebElement button =
        waitFor(By.xpath("//section[@id='alerts']//tr[td[contains(.,'UNKNOWN_CARD')]]//button"));
    button.click();
    waitForText(By.id("alerts"), "Đã xác nhận (hieu.truong)");
    String alerts =
        get(base, "/api/v1/alerts?site=" + SITE, HubApi.token(base, "hieu.truong", PASSWORD))
            .body();
    assertThat(alerts).contains("\"state\":\"ACKNOWLEDGED\"", "\"acknowledgedBy\":\"hieu.truong\"");
  }

  @Test
  @Order(4)
  void theRoomPageShowsValuesDevicesAndCharts() throws Exception {
    browser.get(base.resolve("/ui/index.html#/room/THPT-T/A101").toString());
    waitForText(By.id("room-values"), "1234 ppm");
    waitFor(By.cssSelector("[data-chart=co2]"));
    waitForText(By.id("devices"), "a101-env");
    // Today's lesson of 10A1 is in the timetable: the occupancy table lists it.
    waitForText(By.id("occupancy"), today.toString());
    shot("room");
  }

  @Test
  @Order(5)
  void aTeacherCorrectsAMarkWithAReason() throws Exception {
    signOut();
    signIn("co.lan", PASSWORD);
    waitFor(By.id("tile-THPT-T-A101"));
    browser.get(base.resolve("/ui/index.html#/attendance").toString());
    WebElement open = waitFor(By.cssSelector("tr[data-session=now-10A1] a"));
    shot("attendance");
    open.click();
    waitFor(By.cssSelector("tr[data-student=s2]"));
    new Select(browser.findElement(By.id("mark-s2-status"))).selectByValue("EXCUSED");
    browser.findElement(By.cssSelector("tr[data-student=s2] button.save")).click();
    waitForText(By.cssSelector("tr[data-student=s2]"), "Cần nhập lý do sửa.");
    browser.findElement(By.id("mark-s2-reason")).sendKeys("có giấy phép của phụ huynh");
    browser.findElement(By.cssSelector("tr[data-student=s2] button.save")).click();
    waitForText(By.cssSelector("tr[data-student=s2] td.status"), "Có phép");
    shot("class-list");
    JsonNode list =
        json(
            get(
                    base,
                    "/api/v1/sites/" + SITE + "/attendance/sessions/now-10A1/" + today,
                    HubApi.token(base, "co.lan", PASSWORD))
                .body());
    JsonNode s2 = null;
    for (JsonNode student : list.get("students").values()) {
      if (student.get("userId").getStringValue().equals("s2")) {
        s2 = student;
      }
    }
    assertThat(s2).isNotNull();
    assertThat(s2.get("status").getStringValue()).isEqualTo("EXCUSED");
    assertThat(s2.get("reason").getStringValue()).isEqualTo("có giấy phép của phụ huynh");
    assertThat(s2.get("updatedBy").getStringValue()).isEqualTo("co.lan");
  }

  @Test
  @Order(6)
  void aTeacherCannotOpenAnotherSchoolsRoomNorTheFleet() throws Exception {
    browser.get(base.resolve("/ui/index.html#/room/THPT-X/X101").toString());
    waitForText(By.cssSelector("[role=alert]"), "Bạn không có quyền xem phòng này.");
    assertThat(browser.findElements(By.id("room-values"))).isEmpty();
    assertThat(browser.getPageSource()).doesNotContain("700 ppm");
    shot("teacher-other-school");
    browser.get(base.resolve("/ui/index.html#/fleet").toString());
    waitForText(By.cssSelector("[role=alert]"), "Bạn không có quyền xem trang này.");
    assertThat(browser.findElement(By.cssSelector("nav a[data-page=fleet]")).isDisplayed())
        .isFalse();
  }

  @Test
  @Order(7)
  void labStaffSeeInstrumentStateRunAndAlarm() throws Exception {
    long now = System.currentTimeMillis();
    publish(
        gateway,
        equipment("a101-incubator", EquipmentEventKind.EQUIPMENT_EVENT_KIND_STATE_CHANGED, now)
            .setState("Running")
            .setPreviousState("Idle"),
        equipment("a101-incubator", EquipmentEventKind.EQUIPMENT_EVENT_KIND_RUN_STARTED, now)
            .setRunId("culture-42"),
        equipment("a101-incubator", EquipmentEventKind.EQUIPMENT_EVENT_KIND_ALARM_RAISED, now)
            .setAlarmCode("TempDeviation")
            .setSeverity(Severity.SEVERITY_CRITICAL)
            .setMessage("Chamber temperature 41.2 °C above setpoint"));
    signOut();
    signIn("thi.nghiem", PASSWORD);
    waitFor(By.id("rooms"));
    browser.get(base.resolve("/ui/index.html#/labs").toString());
    WebElement row = waitFor(By.cssSelector("tr[data-device=a101-incubator]"));
    waitForText(By.cssSelector("tr[data-device=a101-incubator]"), "culture-42");
    assertThat(row.getText()).contains("Running", "TempDeviation", "41.2");
    By timeline = By.cssSelector("tr[data-device=a101-incubator] button.timeline");
    act(
        "timeline button",
        () -> browser.findElement(timeline).click(),
        () -> domClick(timeline),
        page -> !browser.findElement(By.id("timeline")).getText().isEmpty());
    waitForText(By.id("timeline"), "culture-42");
    assertThat(browser.findElement(By.id("timeline")).getText())
        .contains("Running", "TempDeviation", "CRITICAL");
    shot("labs");
    String alerts =
        get(base, "/api/v1/alerts?site=" + SITE, HubApi.token(base, "thi.nghiem", PASSWORD)).body();
    assertThat(alerts).contains("LAB_ALARM", "TempDeviation");
  }

  @Test
  @Order(8)
  void techniciansSeeTheFleetWithOutboxClockAndProblems() throws Exception {
    gateway.publishState(
        state(SITE, "gw-a101", "A101", "Phòng A101").toBuilder()
            .setOutbox(
                OutboxStats.newBuilder()
                    .setPendingRecords(321)
                    .setOldestPendingTimeMs(System.currentTimeMillis() - 90_000))
            .setHealth(
                GatewayHealth.newBuilder()
                    .addDevices(
                        DeviceHealth.newBuilder()
                            .setDeviceId("a101-env")
                            .setReachable(false)
                            .setErrors(3)
                            .setLastError("I2C bus 1: no device at 0x76")))
            .build());
    signOut();
    signIn("ky.thuat", PASSWORD);
    waitFor(By.id("rooms"));
    browser.get(base.resolve("/ui/index.html#/fleet").toString());
    waitForText(By.cssSelector("tr[data-gateway=gw-a101]"), "no device at 0x76");
    String row = browser.findElement(By.cssSelector("tr[data-gateway=gw-a101]")).getText();
    assertThat(row).contains("321", "Trực tuyến", "Chưa đồng bộ");
    assertThat(browser.findElements(By.cssSelector("tr[data-gateway=gw-x1]"))).isEmpty();
    shot("fleet");
  }

  @Test
  @Order(9)
  void sectorAdminsSeeEverySchoolInEnglish() throws Exception {
    String sector = HubApi.token(base, "admin", "sector-admin-password");
    HttpResponse<String> schools =
        HubApi.sendBytes(
            base,
            "PUT",
            "/api/v1/sites",
            "text/csv",
            "schoolCode,name,province\nTHPT-T,THPT Thử nghiệm,Hà Nội\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8),
            sector);
    assertThat(schools.statusCode()).as(schools.body()).isEqualTo(200);
    signOut();
    signIn("admin", "sector-admin-password");
    waitFor(By.id("rooms"));
    new Select(browser.findElement(By.id("lang"))).selectByValue("en");
    waitForText(By.cssSelector("nav a[data-page=overview]"), "Overview");
    browser.get(base.resolve("/ui/index.html#/sector").toString());
    waitForText(By.id("schools"), OTHER_SITE);
    assertThat(browser.findElement(By.cssSelector("tr[data-site=THPT-T]")).getText())
        .contains("THPT Thử nghiệm", "Hà Nội", "1 / 1");
    shot("sector");
    new Select(browser.findElement(By.id("lang"))).selectByValue("vi");
  }

  @Test
  @Order(10)
  void theOverviewFitsA360PixelPhone() throws Exception {
    // The phone's screen is emulated in the page (DevTools' device metrics), not by resizing the
    // headless window, whose size the page did not always follow.
    browser.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", 360, "height", 780, "deviceScaleFactor", 2, "mobile", true));
    try {
      browser.get(base.resolve("/ui/index.html#/overview").toString());
      try {
        new WebDriverWait(browser, WAIT).until(driver -> inDocument("tile-THPT-T-A101"));
      } catch (TimeoutException e) {
        // Seen once in a full CI run, with the browser dropping input events all along: the
        // overview's text was there but the tile was not found in 20 s. The page once more.
        System.out.println(
            "dashboard: phone overview: no tile after "
                + WAIT.toSeconds()
                + " s; reloading ("
                + whatThePageShows()
                + ")");
        browser.navigate().refresh();
        new WebDriverWait(browser, WAIT)
            .withMessage(this::whatThePageShows)
            .until(driver -> inDocument("tile-THPT-T-A101"));
      }
      long scrollWidth =
          (Long)
              ((JavascriptExecutor) browser)
                  .executeScript("return document.documentElement.scrollWidth");
      long viewport =
          (Long)
              ((JavascriptExecutor) browser)
                  .executeScript("return document.documentElement.clientWidth");
      assertThat(viewport).as("the page is laid out 360 px wide").isLessThanOrEqualTo(360);
      assertThat(scrollWidth).as("no horizontal scrolling at 360 px").isLessThanOrEqualTo(viewport);
      shot("overview-phone");
    } finally {
      browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
  }

  @Test
  @Order(11)
  void theDashboardFilesAreServedHardenedWithoutALogin() throws Exception {
    HttpResponse<String> page =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(base.resolve("/ui/app.js")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).contains("javascript");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("script-src 'self'", "frame-ancestors 'none'");
    HttpResponse<String> root =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(base).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(root.statusCode()).isEqualTo(303);
    assertThat(root.headers().firstValue("Location")).contains("/ui/index.html");
    assertThat(get(base, "/api/v1/rooms", null).statusCode()).isEqualTo(401);
    // The page names its icon, so browsers do not ask for /favicon.ico (a 401) on every load.
    assertThat(get(base, "/ui/favicon.svg", null).statusCode()).isEqualTo(200);
  }

  // ---- browser helpers ----

  private void signIn(String user, String password) {
    type(waitFor(By.id("username")), user);
    type(browser.findElement(By.id("password")), password);
    By signIn = By.id("sign-in");
    String before = signInMessage();
    act(
        "sign-in of " + user,
        () -> browser.findElement(signIn).click(),
        () -> domClick(signIn),
        page -> !before.equals(signInMessage()));
    waitForSignInOutcome();
  }

  /**
   * The sign-in form's message, "" before any attempt, or "signed in" once the form is gone: a
   * click went off when it changed (to "signing in", an answer, or the next page).
   */
  private String signInMessage() {
    List<WebElement> alerts = browser.findElements(By.cssSelector(".login [role=alert]"));
    return alerts.isEmpty() ? "signed in" : alerts.get(0).getText();
  }

  /** The sign-in form's message once it is not "signing in", or "signed in". */
  private String waitForSignInOutcome() {
    return new WebDriverWait(browser, WAIT)
        .withMessage(this::whatThePageShows)
        .ignoring(StaleElementReferenceException.class)
        .until(
            page -> {
              String text = signInMessage();
              return text.isEmpty() || text.equals(SIGNING_IN) ? null : text;
            });
  }

  private void signOut() {
    By logout = By.id("logout");
    act(
        "sign-out",
        () -> browser.findElement(logout).click(),
        () -> domClick(logout),
        ExpectedConditions.visibilityOfElementLocated(By.id("username")));
    System.out.printf("dashboard: live streams open after sign-out: %d%n", liveStreams());
  }

  private void type(WebElement field, String text) {
    act(
        "typing into " + field.getAttribute("id"),
        () -> {
          field.clear();
          field.sendKeys(text);
        },
        () ->
            ((JavascriptExecutor) browser)
                .executeScript(
                    "arguments[0].value = arguments[1];"
                        + " arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                    field,
                    text),
        page -> text.equals(field.getDomProperty("value")));
  }

  private void domClick(By by) {
    ((JavascriptExecutor) browser).executeScript("arguments[0].click()", browser.findElement(by));
  }

  /**
   * Real input (a click, keys) and the effect it must have at once. Headless Chromium here drops
   * the input it is sent now and then: in about one run in four, from some moment on every key and
   * click reached nothing (the page's handlers never ran, focus stayed put), while the page went on
   * answering scripts; no browser bubble, translation offer or password prompt was behind it. The
   * action then goes through the DOM, the same handlers, and the output says so.
   */
  private void act(String what, Runnable input, Runnable throughDom, ExpectedCondition<?> effect) {
    input.run();
    try {
      new WebDriverWait(browser, INPUT_WAIT)
          .ignoring(StaleElementReferenceException.class)
          .until(effect);
      return;
    } catch (TimeoutException e) {
      System.out.printf(
          "dashboard: %s: the browser dropped the input; through the DOM instead (%s)%n",
          what, whatThePageShows());
    }
    throughDom.run();
    new WebDriverWait(browser, WAIT)
        .withMessage(this::whatThePageShows)
        .ignoring(StaleElementReferenceException.class)
        .until(effect);
  }

  private int liveStreams() {
    return hub.applicationContext().getBean(LiveEvents.class).subscriberCount();
  }

  private WebElement waitFor(By by) {
    return new WebDriverWait(browser, WAIT)
        .withMessage(this::whatThePageShows)
        .until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  /** For a failed wait: where the page is and what it says, so a flaky run can be understood. */
  /**
   * Whether the page's document holds an element with this id, as the page's own script sees it.
   */
  private boolean inDocument(String id) {
    return Boolean.TRUE.equals(
        ((JavascriptExecutor) browser)
            .executeScript("return document.getElementById(arguments[0]) !== null", id));
  }

  private String whatThePageShows() {
    try {
      return "page "
          + browser.getCurrentUrl()
          + " shows: "
          + browser.findElement(By.id("view")).getText()
          + " (sign-in form: "
          + ((JavascriptExecutor) browser)
              .executeScript(
                  "const u = document.getElementById('username'),"
                      + " p = document.getElementById('password'),"
                      + " b = document.getElementById('sign-in');"
                      + " return u ? `name '${u.value}', password ${p.value.length} chars,"
                      + " button ${b.disabled ? 'disabled' : 'enabled'}, focus on"
                      + " ${document.activeElement && document.activeElement.id}` : 'none'")
          + "; page "
          + ((JavascriptExecutor) browser)
              .executeScript(
                  "return `${document.visibilityState}, focused ${document.hasFocus()},"
                      + " ${innerWidth}×${innerHeight}`")
          + "; live streams open at the hub: "
          + liveStreams()
          + "; browser targets: "
          + browser.executeCdpCommand("Target.getTargets", Map.of()).get("targetInfos")
          + "; browser console: "
          + browser.manage().logs().get(LogType.BROWSER).getAll()
          + ")";
    } catch (RuntimeException e) {
      return "page " + browser.getCurrentUrl() + " (no view: " + e.getMessage() + ")";
    }
  }

  private void waitForText(By by, String text) {
    new WebDriverWait(browser, WAIT)
        .withMessage(this::whatThePageShows)
        .until(ExpectedConditions.textToBePresentInElementLocated(by, text));
  }

  /** Waits until the page's event stream is open (the header's live indicator says so). */
  private void waitForLiveStream() {
    waitFor(By.cssSelector("#live-state[data-state=open]"));
  }

  private void shot(String name) throws Exception {
    File file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(file.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  // ---- what the gateways send ----

  private static GatewayState state(String site, String id, String room, String name) {
    String prefix = room.toLowerCase();
    return GatewayState.newBuilder()
        .setOnline(true)
        .setSite(site)
        .setGatewayId(id)
        .setEpoch(1)
        .addRooms(Room.newBuilder().setId(room).setName(name))
        .addDevices(
            DeviceInfo.newBuilder().setDeviceId(prefix + "-env").setType("bme280").setRoomId(room))
        .addDevices(
            DeviceInfo.newBuilder()
                .setDeviceId(prefix + "-door")
                .setType("mfrc522")
                .setRoomId(room))
        .addDevices(
            DeviceInfo.newBuilder()
                .setDeviceId(prefix + "-incubator")
                .setType("opcua")
                .setRoomId(room))
        .build();
  }

  private static Record.Builder reading(String device, String metric, double value) {
    return Record.newBuilder()
        .setReading(
            Reading.newBuilder()
                .setDeviceId(device)
                .setMetric(metric)
                .setDoubleValue(value)
                .setUnit(metric.equals("co2") ? "[ppm]" : "Cel")
                .setQuality(Quality.QUALITY_GOOD)
                .setSourceTimeMs(System.currentTimeMillis()));
  }

  private static Record.Builder tap(String reader, String card) {
    return Record.newBuilder()
        .setCardTap(
            CardTap.newBuilder()
                .setReaderId(reader)
                .setCardRef(ByteString.copyFromUtf8(String.format("%-32s", card)))
                .setSourceTimeMs(System.currentTimeMillis())
                .setKeyId("k1"));
  }

  private static EquipmentEvent.Builder equipment(
      String device, EquipmentEventKind kind, long timeMs) {
    return EquipmentEvent.newBuilder().setDeviceId(device).setKind(kind).setSourceTimeMs(timeMs);
  }

  private void publish(TestGateway to, Object... bodies) throws Exception {
    Batch.Builder batch =
        Batch.newBuilder()
            .setSite(to == gateway ? SITE : OTHER_SITE)
            .setGatewayId(to == gateway ? "gw-a101" : "gw-x1")
            .setEpoch(1);
    long seq = seqs.getOrDefault(to, 0L);
    for (Object body : bodies) {
      Record.Builder record =
          body instanceof EquipmentEvent.Builder event
              ? Record.newBuilder().setEquipmentEvent(event)
              : (Record.Builder) body;
      batch.addRecords(
          record
              .setSeq(++seq)
              .setClock(
                  ClockState.newBuilder().setSynced(true).setBootId("b").setMonotonicMs(seq)));
    }
    seqs.put(to, seq);
    to.publishBatch(batch.build());
    long last = seq;
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> to.acked(1, last));
  }

  // ---- the school: roster, a lesson of 10A1 in A101 now ----

  private void setUpAttendance(String school) throws Exception {
    HttpResponse<String> roster =
        HubApi.sendBytes(
            base,
            "POST",
            "/api/v1/sites/" + SITE + "/roster",
            "application/zip",
            SchoolFixture.zip(SchoolFixture.files()),
            school);
    assertThat(roster.statusCode()).as(roster.body()).isEqualTo(200);
    LocalTime now = LocalTime.now(ZONE).truncatedTo(ChronoUnit.MINUTES);
    LocalTime start = now.isBefore(LocalTime.of(0, 1)) ? LocalTime.MIDNIGHT : now.minusMinutes(1);
    LocalTime end = now.isAfter(LocalTime.of(23, 0)) ? LocalTime.of(23, 59) : now.plusMinutes(50);
    String csv =
        "classSourcedId,room,weekday,startTime,endTime,entryId\n10A1,A101,%d,%s,%s,now-10A1\n"
            .formatted(today.getDayOfWeek().getValue(), start, end);
    HttpResponse<String> timetable =
        HubApi.sendBytes(
            base,
            "PUT",
            "/api/v1/sites/" + SITE + "/timetable",
            "text/csv",
            csv.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            school);
    assertThat(timetable.statusCode()).as(timetable.body()).isEqualTo(200);
  }
}
