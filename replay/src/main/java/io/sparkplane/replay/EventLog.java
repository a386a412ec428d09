package io.sparkplane.replay;

import java.nio.file.Path;
import java.util.List;

/**
 * One application attempt's event log: a single file, or the files of a rolling event-log directory
 * in the order Spark wrote them.
 *
 * @param source the file or {@code eventlog_v2_*} directory as given or found
 * @param files the files to replay, in order; never empty
 */
record EventLog(Path source, List<Path> files) {

  EventLog {
    files = List.copyOf(files);
    if (files.isEmpty()) {
      throw new IllegalArgumentException("files must not be empty for " + source);
    }
  }

  static EventLog single(Path file) {
    return new EventLog(file, List.of(file));
  }
}
