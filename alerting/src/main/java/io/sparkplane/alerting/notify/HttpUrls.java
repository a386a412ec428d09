package io.sparkplane.alerting.notify;

import io.sparkplane.alerting.config.ConfigFieldException;
import java.net.URI;
import org.jspecify.annotations.Nullable;

final class HttpUrls {

  private HttpUrls() {}

  static URI check(String field, @Nullable URI url) {
    if (url == null) {
      throw new ConfigFieldException(field, "is required");
    }
    String scheme = url.getScheme();
    if (!("http".equals(scheme) || "https".equals(scheme)) || url.getHost() == null) {
      throw new ConfigFieldException(field, "must be an http(s) URL with a host, was '" + url + "'");
    }
    return url;
  }
}
