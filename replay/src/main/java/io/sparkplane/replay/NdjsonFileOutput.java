package io.sparkplane.replay;

import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes telemetry events as newline-delimited JSON to a file. */
final class NdjsonFileOutput implements ReplayOutput {

  private final Path file;
  private final OutputStream out;

  NdjsonFileOutput(Path file) throws ReplayException {
    this.file = file;
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      this.out = new BufferedOutputStream(Files.newOutputStream(file));
    } catch (IOException e) {
      throw new ReplayException(file.toString(), "cannot open for writing: " + e, e);
    }
  }

  @Override
  public long write(List<TelemetryEvent> events) throws ReplayException {
    try {
      for (TelemetryEvent event : events) {
        out.write(TelemetryJson.toBytes(event));
        out.write('\n');
      }
      out.flush();
      return events.size();
    } catch (IOException e) {
      throw new ReplayException(file.toString(), "cannot write: " + e, e);
    }
  }

  @Override
  public void close() throws ReplayException {
    try {
      out.close();
    } catch (IOException e) {
      throw new ReplayException(file.toString(), "cannot close: " + e, e);
    }
  }
}
