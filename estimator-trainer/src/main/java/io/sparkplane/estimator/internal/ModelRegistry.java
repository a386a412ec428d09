package io.sparkplane.estimator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model files under {@code <modelDir>/models/v<n>.model} and the serving pointer {@code
 * <modelDir>/serving.json}. Thread-safe. Internal.
 */
public final class ModelRegistry {

  private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);
  private static final Pattern FILE = Pattern.compile("v(\\d+)\\.model");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final int keep;

  public ModelRegistry(Path dir, int keep) {
    this.dir = dir;
    this.keep = keep;
  }

  public Path fileOf(String version) {
    return dir.resolve("models").resolve(version + ".model");
  }

  /** The next unused version name. */
  public synchronized String nextVersion() {
    long max = 0;
    for (long n : numbers()) {
      max = Math.max(max, n);
    }
    return "v" + (max + 1);
  }

  /** Writes a model file under its version. */
  public void save(RuntimeModel model) {
    ModelFile.write(model, fileOf(model.version()));
  }

  /**
   * Loads and verifies a model file.
   *
   * @throws io.sparkplane.estimator.ModelLoadException if it is missing, corrupt or incompatible
   */
  public RuntimeModel load(String version) {
    return ModelFile.read(fileOf(version));
  }

  public synchronized ServingPointer pointer() {
    Path file = dir.resolve("serving.json");
    if (!Files.exists(file)) {
      return ServingPointer.EMPTY;
    }
    try {
      JsonNode node = JSON.readTree(file.toFile());
      String champion = node.path("champion").isTextual() ? node.get("champion").asText() : null;
      List<String> previous = new ArrayList<>();
      node.path("previous").forEach(v -> previous.add(v.asText()));
      return new ServingPointer(champion, previous);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read serving pointer " + file, e);
    }
  }

  public synchronized void write(ServingPointer pointer) {
    ObjectNode node = JSON.createObjectNode();
    node.put("champion", pointer.champion());
    pointer.previous().forEach(node.putArray("previous")::add);
    Path file = dir.resolve("serving.json");
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve("serving.json.tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), node);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write serving pointer " + file, e);
    }
    prune(pointer);
  }

  /** Deletes old model files beyond {@code keep}, never one the pointer names. */
  private void prune(ServingPointer pointer) {
    Set<String> pinned = new HashSet<>(pointer.previous());
    pointer.championVersion().ifPresent(pinned::add);
    List<Long> numbers = numbers();
    numbers.sort(Comparator.reverseOrder());
    for (int i = keep; i < numbers.size(); i++) {
      String version = "v" + numbers.get(i);
      if (!pinned.contains(version)) {
        try {
          Files.deleteIfExists(fileOf(version));
        } catch (IOException e) {
          log.warn("Could not delete old model file {}: {}", fileOf(version), e.toString());
        }
      }
    }
  }

  private List<Long> numbers() {
    Path models = dir.resolve("models");
    List<Long> numbers = new ArrayList<>();
    if (!Files.isDirectory(models)) {
      return numbers;
    }
    try (Stream<Path> files = Files.list(models)) {
      files.forEach(
          p -> {
            Matcher m = FILE.matcher(p.getFileName().toString());
            if (m.matches()) {
              numbers.add(Long.parseLong(m.group(1)));
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + models, e);
    }
    return numbers;
  }
}
