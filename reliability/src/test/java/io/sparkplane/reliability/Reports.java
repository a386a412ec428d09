package io.sparkplane.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Where the suite writes its measured figures and series: {@code reliability/target/reliability}. */
final class Reports {

  private Reports() {}

  static Path dir() {
    Path dir = Path.of(System.getProperty("sparkplane.reliability.out", "target/reliability"));
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(String name, String text) {
    try {
      Files.writeString(dir().resolve(name), text);
      System.out.print(name + ": " + text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void append(String name, String line) {
    try {
      Files.writeString(
          dir().resolve(name), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
