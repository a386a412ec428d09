package io.sparkplane.server.cli;

import java.net.URI;
import picocli.CommandLine.Option;

/** Where the operator commands find the control plane. */
public final class ApiOptions {

  @Option(
      names = "--url",
      defaultValue = "${env:SPARKPLANE_URL:-http://localhost:7070}",
      description = "Control plane URL (default: $SPARKPLANE_URL or ${DEFAULT-VALUE}).")
  URI url;

  @Option(
      names = "--token",
      defaultValue = "${env:SPARKPLANE_TOKEN}",
      description = "Bearer token (default: $SPARKPLANE_TOKEN).")
  String token;

  public ApiClient client() {
    return new ApiClient(url, token);
  }
}
