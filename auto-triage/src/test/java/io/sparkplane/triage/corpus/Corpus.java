package io.sparkplane.triage.corpus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkplane.wire.TelemetryJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Reads and writes the committed corpus: one JSON file per case. */
public final class Corpus {

  /** Where the committed corpus lives, relative to the module. */
  public static final Path DIR = Path.of("src/test/resources/corpus");

  static final ObjectMapper JSON = TelemetryJson.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);

  private Corpus() {}

  public static List<CorpusCase> load() {
    return load(DIR);
  }

  public static List<CorpusCase> load(Path dir) {
    List<CorpusCase> cases = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted(Comparator.naturalOrder()).toList()) {
        cases.add(JSON.readValue(f.toFile(), CorpusCase.class));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return cases;
  }

  public static void write(Path dir, CorpusCase c) {
    try {
      Files.createDirectories(dir);
      JSON.writeValue(dir.resolve(c.name() + ".json").toFile(), c);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
