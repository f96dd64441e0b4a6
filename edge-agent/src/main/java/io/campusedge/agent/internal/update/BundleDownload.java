package io.campusedge.agent.internal.update;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Fetches a bundle over HTTPS (plain HTTP only when the configuration allows it, for tests and lab
 * networks) into a file, refusing more than {@code maxBytes} and giving up after {@code timeout}.
 */
final class BundleDownload {
  private final HttpClient client;
  private final long maxBytes;
  private final Duration timeout;
  private final boolean allowHttp;

  BundleDownload(Optional<SSLContext> tls, long maxBytes, Duration timeout, boolean allowHttp) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(
                timeout.compareTo(Duration.ofSeconds(30)) < 0 ? timeout : Duration.ofSeconds(30))
            .followRedirects(HttpClient.Redirect.NEVER);
    tls.ifPresent(builder::sslContext);
    this.client = builder.build();
    this.maxBytes = maxBytes;
    this.timeout = timeout;
    this.allowHttp = allowHttp;
  }

  /** Refusals of the URL itself are {@link BundleException}s; network trouble is IOException. */
  void fetch(String url, Path target) throws BundleException, IOException {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new BundleException("the offer's url '" + url + "' is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(scheme.equals("http") && allowHttp)) {
      throw new BundleException(
          "the offer's url must be https:// (plain http only with update.allowInsecureHttp)");
    }
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new IOException("download of " + url + " timed out after " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("download of " + url + " interrupted", e);
    } catch (IOException e) {
      throw new IOException("download of " + url + " failed: " + describe(e), e);
    }
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException("download of " + url + " failed: HTTP " + response.statusCode());
      }
      long announced = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (announced > maxBytes) {
        throw new BundleException(tooLarge(announced));
      }
      copyLimited(in, target);
    }
  }

  private void copyLimited(InputStream in, Path target) throws IOException, BundleException {
    long total = 0;
    try (OutputStream out = Files.newOutputStream(target)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        total += n;
        if (total > maxBytes) {
          throw new BundleException(tooLarge(total));
        }
        out.write(buffer, 0, n);
      }
    }
  }

  private String tooLarge(long bytes) {
    return "the bundle is larger than update.maxBundleSize ("
        + (bytes >= 0 ? bytes + " bytes > " : "> ")
        + maxBytes
        + " bytes); nothing was installed";
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    if (e instanceof java.net.ConnectException) {
      return "connection refused (" + (message == null ? "no server" : message) + ")";
    }
    return message == null ? e.getClass().getSimpleName() : message;
  }
}
