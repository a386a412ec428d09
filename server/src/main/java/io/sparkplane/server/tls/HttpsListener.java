package io.sparkplane.server.tls;

import io.javalin.Javalin;
import io.sparkplane.collector.extension.CollectorExtension;
import io.sparkplane.collector.extension.ExtensionContext;
import io.sparkplane.server.config.ServerSettings;
import io.sparkplane.server.config.SettingsException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Makes the server's one listener HTTPS: replaces Javalin's plain connector with a TLS connector on
 * the same host and port, presenting the key in {@code server.tls.keystore}. The keystore is opened
 * here, at composition, so a wrong password or a keystore without a key is a settings error that
 * names the key, not a failure at bind time.
 *
 * <pre>{@code
 * builder.extension(HttpsListener.of(settings.server()));
 * }</pre>
 */
public final class HttpsListener implements CollectorExtension {

  private final String host;
  private final int port;
  private final KeyStore keystore;
  private final String keyPassword;

  private HttpsListener(String host, int port, KeyStore keystore, String keyPassword) {
    this.host = host;
    this.port = port;
    this.keystore = keystore;
    this.keyPassword = keyPassword;
  }

  /**
   * @throws SettingsException if the keystore cannot be opened with its password or holds no key
   */
  public static HttpsListener of(ServerSettings.Server server) {
    ServerSettings.Tls tls = server.tls();
    if (!tls.enabled()) {
      throw new IllegalArgumentException("server.tls.keystore is not set");
    }
    KeyStore keystore;
    try {
      keystore = KeyStore.getInstance(tls.keystore().toFile(), tls.keystorePassword().toCharArray());
    } catch (IOException | GeneralSecurityException e) {
      throw new SettingsException(
          "server.tls.keystorePassword", "does not open " + tls.keystore() + ": " + e.getMessage(), e);
    }
    String keyPassword = tls.keyPassword() != null ? tls.keyPassword() : tls.keystorePassword();
    try {
      boolean hasKey = false;
      for (String alias : java.util.Collections.list(keystore.aliases())) {
        if (keystore.isKeyEntry(alias)) {
          keystore.getKey(alias, keyPassword.toCharArray()); // a wrong key password fails here
          hasKey = true;
        }
      }
      if (!hasKey) {
        throw new SettingsException("server.tls.keystore", "holds no private key: " + tls.keystore());
      }
    } catch (GeneralSecurityException e) {
      throw new SettingsException(
          "server.tls.keyPassword", "does not open the key in " + tls.keystore() + ": " + e.getMessage(), e);
    }
    return new HttpsListener(server.host(), server.port(), keystore, keyPassword);
  }

  @Override
  public void start(Javalin app, ExtensionContext context) {
    // Javalin adds its plain connector only when none was configured: this one replaces it.
    app.unsafeConfig().jetty.addConnector(
        (server, httpConfig) -> {
          SslContextFactory.Server ssl = new SslContextFactory.Server();
          ssl.setKeyStore(keystore);
          ssl.setKeyManagerPassword(keyPassword);
          HttpConfiguration https = new HttpConfiguration(httpConfig);
          // Certificates are often issued for a service name while clients use an address; the
          // client's own hostname check is what protects it.
          https.addCustomizer(new SecureRequestCustomizer(false));
          ServerConnector connector =
              new ServerConnector(
                  server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
          connector.setHost(host);
          connector.setPort(port);
          return connector;
        });
  }
}
