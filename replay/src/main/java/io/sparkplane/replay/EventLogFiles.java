package io.sparkplane.replay;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.io.CompressionCodec;
import org.apache.spark.io.CompressionCodec$;

/**
 * Finds event logs on disk and opens them the way Spark's history provider does: the codec comes
 * from the file name ({@code app-1.lz4}, {@code events_1_app.zstd}), and a rolling event-log
 * directory ({@code eventlog_v2_<appId>}) is read as its {@code events_<N>_*} files in index order,
 * from the last compacted file on.
 */
final class EventLogFiles {

  static final String ROLLING_DIR_PREFIX = "eventlog_v2_";
  private static final String IN_PROGRESS = ".inprogress";
  private static final String COMPACTED = ".compact";
  private static final Pattern ROLLING_FILE = Pattern.compile("^events_(\\d+)_.*");

  private EventLogFiles() {}

  /**
   * The event logs at {@code path}: the file itself, a rolling directory, or every log directly
   * inside a plain directory (hidden files skipped), sorted by name.
   */
  static List<EventLog> discover(Path path) throws ReplayException {
    if (!Files.exists(path)) {
      throw new ReplayException(path.toString(), "no such file or directory", null);
    }
    if (!Files.isDirectory(path)) {
      return List.of(EventLog.single(path));
    }
    if (isRollingDirectory(path)) {
      return List.of(rolling(path));
    }
    List<EventLog> logs = new ArrayList<>();
    for (Path child : list(path)) {
      if (Files.isDirectory(child) && isRollingDirectory(child)) {
        logs.add(rolling(child));
      } else if (Files.isRegularFile(child)) {
        logs.add(EventLog.single(child));
      }
    }
    if (logs.isEmpty()) {
      throw new ReplayException(path.toString(), "directory holds no event logs", null);
    }
    return logs;
  }

  static boolean isRollingDirectory(Path dir) {
    return dir.getFileName().toString().startsWith(ROLLING_DIR_PREFIX);
  }

  /** The files of a rolling event log in index order, from the last compacted file on. */
  static EventLog rolling(Path dir) throws ReplayException {
    List<Path> events = new ArrayList<>();
    for (Path child : list(dir)) {
      if (Files.isRegularFile(child) && rollingIndex(child) >= 0) {
        events.add(child);
      }
    }
    if (events.isEmpty()) {
      throw new ReplayException(dir.toString(), "rolling event-log directory has no events_* files", null);
    }
    events.sort(Comparator.comparingLong(EventLogFiles::rollingIndex));
    int start = 0;
    for (int i = 0; i < events.size(); i++) {
      if (stripSuffixes(events.get(i).getFileName().toString()).compacted()) {
        start = i;
      }
    }
    return new EventLog(dir, events.subList(start, events.size()));
  }

  /** The index of an {@code events_<N>_...} file, or -1 for any other file. */
  static long rollingIndex(Path file) {
    Matcher m = ROLLING_FILE.matcher(file.getFileName().toString());
    if (!m.matches()) {
      return -1;
    }
    try {
      return Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Spark's short codec name for a file name, if its last extension (ignoring {@code .inprogress}
   * and {@code .compact}) names one; {@code .zst} is read as zstd. Any other extension, such as
   * {@code .json}, means an uncompressed log.
   */
  static Optional<String> codecOf(String fileName) {
    String name = stripSuffixes(fileName).name();
    int dot = name.lastIndexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    return switch (name.substring(dot + 1).toLowerCase(Locale.ROOT)) {
      case "lz4" -> Optional.of("lz4");
      case "lzf" -> Optional.of("lzf");
      case "snappy" -> Optional.of("snappy");
      case "zstd", "zst" -> Optional.of("zstd");
      default -> Optional.empty();
    };
  }

  /** Opens one event-log file, decompressing it with Spark's codec when its name asks for one. */
  static InputStream open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
    Optional<String> codec = codecOf(file.getFileName().toString());
    if (codec.isEmpty()) {
      return raw;
    }
    try {
      return codec(codec.get()).compressedInputStream(raw);
    } catch (Exception e) {
      // Scala code declares no checked exceptions, but a codec reading its header may throw one.
      raw.close();
      throw e instanceof IOException io
          ? io
          : new IOException("cannot open as " + codec.get() + ": " + e, e);
    }
  }

  /** Spark's codec for a short name (lz4, lzf, snappy, zstd), as its event-log writer uses it. */
  static CompressionCodec codec(String shortName) {
    return CompressionCodec$.MODULE$.createCodec(new SparkConf(false), shortName);
  }

  private static List<Path> list(Path dir) throws ReplayException {
    try (Stream<Path> children = Files.list(dir)) {
      return children
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new ReplayException(dir.toString(), "cannot list directory: " + e.getMessage(), e);
    }
  }

  private record Stripped(String name, boolean compacted) {}

  private static Stripped stripSuffixes(String fileName) {
    String name = fileName;
    if (name.endsWith(IN_PROGRESS)) {
      name = name.substring(0, name.length() - IN_PROGRESS.length());
    }
    boolean compacted = name.endsWith(COMPACTED);
    if (compacted) {
      name = name.substring(0, name.length() - COMPACTED.length());
    }
    return new Stripped(name, compacted);
  }
}
