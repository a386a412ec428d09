package io.sparkplane.console;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Absolute links to run console pages, for alerts and notifications. The base is where users reach
 * the server (a load balancer's address, not necessarily the bind address).
 *
 * <pre>{@code
 * ConsoleLinks links = ConsoleLinks.of("https://sparkplane.example.com");
 * links.run("acme", "app-123"); // "https://sparkplane.example.com/ui/runs/app-123?tenant=acme"
 * links.alerts();               // "https://sparkplane.example.com/ui/alerts"
 * }</pre>
 *
 * @param baseUrl scheme, host, port and an optional path prefix, without a trailing slash
 */
public record ConsoleLinks(String baseUrl) {

  /** Path of the console; every page is under it. */
  public static final String ROOT = "/ui";

  public ConsoleLinks {
    Objects.requireNonNull(baseUrl, "baseUrl");
    while (baseUrl.endsWith("/")) {
      baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
    }
    URI uri;
    try {
      uri = URI.create(baseUrl);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("baseUrl is not a URL: '" + baseUrl + "'", e);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("baseUrl must be an http(s) URL with a host, was '" + baseUrl + "'");
    }
    if (uri.getQuery() != null || uri.getFragment() != null) {
      throw new IllegalArgumentException("baseUrl must not have a query or fragment, was '" + baseUrl + "'");
    }
  }

  public static ConsoleLinks of(String baseUrl) {
    return new ConsoleLinks(baseUrl);
  }

  /** The page of one run, qualified by tenant (run ids are unique only within a tenant). */
  public String run(String tenant, String runId) {
    return baseUrl + runPath(tenant, runId);
  }

  /** The page of one run, without naming its tenant. */
  public String run(String runId) {
    return baseUrl + ROOT + "/runs/" + encode(runId);
  }

  /** The runs list. */
  public String runs() {
    return baseUrl + ROOT + "/runs";
  }

  /** The active alerts. */
  public String alerts() {
    return baseUrl + ROOT + "/alerts";
  }

  /** Path and query of one run's page, relative to the server root. */
  public static String runPath(String tenant, String runId) {
    return ROOT + "/runs/" + encode(runId) + "?tenant=" + encode(tenant);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
