package io.sparkplane.server.cli;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Where the operator commands find the control plane, and how they trust it over HTTPS. */
public final class ApiOptions {

  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
  CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--url",
      defaultValue = "${env:SPARKPLANE_URL:-http://localhost:7070}",
      description = "Control plane URL, http:// or https:// (default: $SPARKPLANE_URL or ${DEFAULT-VALUE}).")
  URI url;

  @Option(
      names = "--token",
      defaultValue = "${env:SPARKPLANE_TOKEN}",
      description = "Bearer token (default: $SPARKPLANE_TOKEN).")
  String token;

  @Option(
      names = "--truststore",
      paramLabel = "FILE",
      defaultValue = "${env:SPARKPLANE_TRUSTSTORE}",
      description =
          "PKCS12 or JKS file of certificates to trust for an https:// URL (default: $SPARKPLANE_TRUSTSTORE,"
              + " else the JVM's trusted certificates).")
  Path truststore;

  @Option(
      names = "--truststore-password",
      paramLabel = "PASSWORD",
      defaultValue = "${env:SPARKPLANE_TRUSTSTORE_PASSWORD}",
      description = "Password of --truststore (default: $SPARKPLANE_TRUSTSTORE_PASSWORD).")
  String truststorePassword;

  @Option(
      names = "--insecure",
      description = "Trust any certificate and host name over https:// (self-signed test servers only).")
  boolean insecure;

  public ApiClient client() {
    return new ApiClient(url, token, ClientTls.of(truststore, truststorePassword, insecure, spec.commandLine()));
  }
}
