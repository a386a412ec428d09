package io.sparkplane.estimator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.estimator.internal.ModelFile;
import io.sparkplane.estimator.internal.ModelTrainer;
import io.sparkplane.estimator.internal.RuntimeModel;
import io.sparkplane.estimator.internal.TrainingRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A model file")
class ModelFileTest {

  @TempDir Path dir;
  private static RuntimeModel model;
  private static List<TrainingRun> runs;

  @BeforeAll
  static void train() {
    runs = SyntheticRuns.training(SyntheticRuns.fleet(3, 600));
    model = new ModelTrainer(EstimatorSettings.builder().trees(20).build()).fit(runs, "v7", 123);
  }

  /** Writes the model to {@code v7.model} and returns the file's bytes, to be tampered with. */
  private byte[] writtenBytes() throws Exception {
    ModelFile.write(model, file());
    return Files.readAllBytes(file());
  }

  private Path file() {
    return dir.resolve("v7.model");
  }

  private void assertRefused(String message, ModelLoadException.Reason reason) {
    assertThatThrownBy(() -> ModelFile.read(file()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(message)
        .extracting(e -> ((ModelLoadException) e).reason())
        .isEqualTo(reason);
  }

  @Test
  @DisplayName("reads back a model that predicts exactly as the one written")
  void roundTrip() {
    ModelFile.write(model, file());
    RuntimeModel back = ModelFile.read(file());
    assertThat(back.version()).isEqualTo("v7");
    assertThat(back.info()).isEqualTo(model.info());
    TrainingRun run = runs.get(500);
    var history = io.sparkplane.estimator.internal.WorkloadStats.NONE;
    assertThat(back.predict(run.features(), 4, 4, history))
        .isEqualTo(model.predict(run.features(), 4, 4, history));
  }

  @Test
  @DisplayName("is refused as corrupt when one payload byte changed")
  void flippedByte() throws Exception {
    byte[] bytes = writtenBytes();
    bytes[bytes.length - 100] ^= 0x5A;
    Files.write(file(), bytes);
    assertRefused("SHA-256", ModelLoadException.Reason.CORRUPT);
  }

  @Test
  @DisplayName("is refused as corrupt when truncated, or when it is not a model file at all")
  void truncatedOrForeign() throws Exception {
    Path file = file();
    byte[] bytes = writtenBytes();
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> ModelFile.read(file))
        .isInstanceOf(ModelLoadException.class)
        .extracting(e -> ((ModelLoadException) e).reason())
        .isEqualTo(ModelLoadException.Reason.CORRUPT);
    Files.writeString(file, "{\"not\":\"a model\"}");
    assertThatThrownBy(() -> ModelFile.read(file))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("not an estimator model file");
    assertThatThrownBy(() -> ModelFile.read(dir.resolve("missing.model")))
        .isInstanceOf(ModelLoadException.class);
  }

  @Test
  @DisplayName("is refused as incompatible when trained on another feature schema")
  void otherSchema() throws Exception {
    String text = new String(writtenBytes(), StandardCharsets.ISO_8859_1);
    Files.write(
        file(),
        text.replace("\"schemaVersion\":1", "\"schemaVersion\":9").getBytes(StandardCharsets.ISO_8859_1));
    assertRefused("feature schema 9", ModelLoadException.Reason.INCOMPATIBLE);
  }

  @Test
  @DisplayName("is refused as incompatible when written in an older file format: 2 (runtime trees without the size prior) or 3 (memory model without each workload's curve of observed peaks)")
  void olderFormat() throws Exception {
    for (int format : new int[] {2, 3}) {
      byte[] bytes = writtenBytes();
      java.nio.ByteBuffer.wrap(bytes).putInt("SPKEST\r\n".length(), format);
      Files.write(file(), bytes);
      assertRefused("file format " + format, ModelLoadException.Reason.INCOMPATIBLE);
    }
  }
}
