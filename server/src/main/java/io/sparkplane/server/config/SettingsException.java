package io.sparkplane.server.config;

/** A configuration value that cannot be used; the message names the key. */
public final class SettingsException extends RuntimeException {

  private final String key;

  public SettingsException(String key, String problem) {
    super(key + ": " + problem);
    this.key = key;
  }

  public SettingsException(String key, String problem, Throwable cause) {
    super(key + ": " + problem, cause);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
