package io.sparkplane.estimator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.estimator.ModelLoadException;
import io.sparkplane.estimator.ModelLoadException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The on-disk form of a {@link RuntimeModel}: a magic number, the file format version, a JSON
 * header (model version, feature-schema version, payload length and SHA-256), then the payload.
 * Loading checks all of them before deserialising, and deserialises only Smile, JDK and estimator
 * classes. Internal.
 */
public final class ModelFile {

  /**
   * Current file format; older or newer files are refused as incompatible. 2: the model carries a
   * {@code MemoryModel} (format-1 files lack it). 3: the runtime trees correct a {@code
   * RuntimePrior} (format-2 trees predicted ln(runtime) on their own). 4: the {@code MemoryModel}
   * carries each workload's curve of observed peaks.
   */
  public static final int FORMAT = 4;

  static final byte[] MAGIC = "SPKEST\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_HEADER = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectInputFilter CLASSES =
      ObjectInputFilter.Config.createFilter(
          "maxdepth=200;io.sparkplane.estimator.internal.*;smile.**;java.lang.*;java.util.*;"
              + "java.time.*;java.math.*;[*;!*");

  private ModelFile() {}

  /** Writes {@code model} to {@code file} atomically (a temporary file, then a rename). */
  public static void write(RuntimeModel model, Path file) {
    try {
      byte[] payload = serialize(model);
      ObjectNode header = JSON.createObjectNode();
      header.put("version", model.version());
      header.put("schemaVersion", model.info().schemaVersion());
      header.put("trainedAtMs", model.info().trainedAtMs());
      header.put("payloadBytes", payload.length);
      header.put("sha256", sha256(payload));
      byte[] headerBytes = JSON.writeValueAsBytes(header);
      ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + headerBytes.length + 32);
      try (DataOutputStream data = new DataOutputStream(out)) {
        data.write(MAGIC);
        data.writeInt(FORMAT);
        data.writeInt(headerBytes.length);
        data.write(headerBytes);
        data.write(payload);
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(tmp, out.toByteArray());
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write model file " + file, e);
    }
  }

  /**
   * Reads and verifies a model file.
   *
   * @throws ModelLoadException if the file is missing, corrupt, or of another format or schema
   */
  public static RuntimeModel read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ModelLoadException(Reason.CORRUPT, "cannot read model file " + file, e);
    }
    if (bytes.length < MAGIC.length + 8
        || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
      throw new ModelLoadException(Reason.CORRUPT, file + " is not an estimator model file");
    }
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(bytes, MAGIC.length, bytes.length))) {
      int format = in.readInt();
      if (format != FORMAT) {
        throw new ModelLoadException(
            Reason.INCOMPATIBLE, file + " has file format " + format + ", this code reads " + FORMAT);
      }
      int headerLength = in.readInt();
      if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > in.available()) {
        throw new ModelLoadException(Reason.CORRUPT, file + " has a damaged header");
      }
      byte[] headerBytes = in.readNBytes(headerLength);
      JsonNode header = JSON.readTree(headerBytes);
      int schema = header.path("schemaVersion").asInt(-1);
      if (schema != FeatureSchema.VERSION) {
        throw new ModelLoadException(
            Reason.INCOMPATIBLE,
            file + " was trained on feature schema " + schema + ", this code uses " + FeatureSchema.VERSION);
      }
      byte[] payload = in.readAllBytes();
      if (payload.length != header.path("payloadBytes").asLong(-1)) {
        throw new ModelLoadException(Reason.CORRUPT, file + " is truncated or padded");
      }
      if (!sha256(payload).equals(header.path("sha256").asText())) {
        throw new ModelLoadException(Reason.CORRUPT, file + " fails its SHA-256 checksum");
      }
      RuntimeModel model = deserialize(payload, file);
      if (!model.version().equals(header.path("version").asText())) {
        throw new ModelLoadException(Reason.CORRUPT, file + " header and payload disagree on the version");
      }
      return model;
    } catch (IOException e) {
      throw new ModelLoadException(Reason.CORRUPT, file + " cannot be parsed", e);
    }
  }

  private static byte[] serialize(RuntimeModel model) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(model);
    }
    return bytes.toByteArray();
  }

  private static RuntimeModel deserialize(byte[] payload, Path file) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(payload))) {
      in.setObjectInputFilter(CLASSES);
      Object value = in.readObject();
      if (!(value instanceof RuntimeModel model)) {
        throw new ModelLoadException(Reason.INCOMPATIBLE, file + " holds no estimator model");
      }
      return model;
    } catch (InvalidClassException e) {
      throw new ModelLoadException(Reason.INCOMPATIBLE, file + " holds classes this code cannot read", e);
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      throw new ModelLoadException(Reason.CORRUPT, file + " cannot be deserialised", e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
