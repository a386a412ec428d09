package io.sparkplane.server.cli;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import picocli.CommandLine.ParameterException;

/**
 * Which servers the operator commands trust over HTTPS: the JVM's default trust (plus {@code
 * -Djavax.net.ssl.trustStore}), a given truststore, or, with {@code --insecure}, any certificate and
 * host name (for a first look at a server with a self-signed certificate, never for automation).
 */
final class ClientTls {

  private ClientTls() {}

  static SSLContext defaults() {
    try {
      return SSLContext.getDefault();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JVM has no default TLS context", e);
    }
  }

  /** Trusts the certificates in {@code file} (PKCS12 or JKS), and host names checked as usual. */
  static SSLContext trusting(Path file, String password) {
    try {
      KeyStore store = KeyStore.getInstance(file.toFile(), password == null ? null : password.toCharArray());
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new ApiCallException("cannot use truststore " + file + ": " + e.getMessage());
    }
  }

  /** Trusts every certificate and host name. */
  static SSLContext insecure() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new TrustingAll()}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create a TLS context", e);
    }
  }

  static SSLContext of(Path truststore, String password, boolean insecure, picocli.CommandLine cmd) {
    if (insecure && truststore != null) {
      throw new ParameterException(cmd, "--insecure and --truststore exclude each other");
    }
    if (insecure) {
      return insecure();
    }
    return truststore != null ? trusting(truststore, password) : defaults();
  }

  /**
   * An extended trust manager, so the JDK does not add its own host name check around it (it does
   * for a plain {@code X509TrustManager}).
   */
  private static final class TrustingAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
