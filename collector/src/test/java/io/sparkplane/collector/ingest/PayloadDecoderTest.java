package io.sparkplane.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PayloadDecoderTest {

  private static final int MAX = 1024;
  private final PayloadDecoder decoder = new PayloadDecoder(MAX);

  @Test
  @DisplayName("An uncompressed body is returned as is, up to exactly maxPayloadBytes")
  void identity() throws IOException {
    byte[] body = new byte[MAX];

    assertThat(decoder.decode(in(body), null, MAX)).isEqualTo(body);
    assertThat(decoder.decode(in(body), "identity", -1)).isEqualTo(body);
  }

  @Test
  @DisplayName("A gzip body is decompressed")
  void gzip() throws IOException {
    byte[] plain = "[{\"a\":1}]".getBytes(StandardCharsets.UTF_8);

    assertThat(decoder.decode(in(gzip(plain)), "gzip", -1)).isEqualTo(plain);
    assertThat(decoder.decode(in(gzip(plain)), "X-GZIP", -1)).isEqualTo(plain);
  }

  @Test
  @DisplayName("A declared Content-Length above the limit is refused before reading")
  void declaredTooLarge() {
    assertRejected(() -> decoder.decode(in(new byte[0]), null, MAX + 1), RejectReason.PAYLOAD_TOO_LARGE, "body");
  }

  @Test
  @DisplayName("A body longer than the limit is refused even without Content-Length")
  void actualTooLarge() {
    assertRejected(() -> decoder.decode(in(new byte[MAX + 1]), null, -1), RejectReason.PAYLOAD_TOO_LARGE, "body");
  }

  @Test
  @DisplayName("Decompression stops one byte past the limit: a gzip bomb is refused")
  void gzipBomb() throws IOException {
    byte[] bomb = gzip(new byte[100 * MAX]);

    assertThat(bomb.length).isLessThan(MAX);
    assertRejected(() -> decoder.decode(in(bomb), "gzip", bomb.length), RejectReason.PAYLOAD_TOO_LARGE, "body");
  }

  @Test
  @DisplayName("Truncated or corrupt gzip is a 400, not a 500")
  void badGzip() throws IOException {
    byte[] full = gzip("{\"hello\":\"world\"}".repeat(10).getBytes(StandardCharsets.UTF_8));
    byte[] truncated = Arrays.copyOf(full, full.length - 8);
    byte[] corrupt = "definitely not gzip".getBytes(StandardCharsets.UTF_8);

    assertRejected(() -> decoder.decode(in(truncated), "gzip", -1), RejectReason.BAD_ENCODING, "Content-Encoding");
    assertRejected(() -> decoder.decode(in(corrupt), "gzip", -1), RejectReason.BAD_ENCODING, "Content-Encoding");
    assertRejected(() -> decoder.decode(in(new byte[0]), "gzip", -1), RejectReason.BAD_ENCODING, "Content-Encoding");
  }

  @Test
  @DisplayName("Encodings other than gzip and identity are unsupported media")
  void unsupportedEncoding() {
    assertRejected(() -> decoder.decode(in(new byte[1]), "br", -1), RejectReason.UNSUPPORTED_MEDIA_TYPE, "Content-Encoding");
    assertRejected(() -> decoder.decode(in(new byte[1]), "gzip, gzip", -1), RejectReason.UNSUPPORTED_MEDIA_TYPE, "Content-Encoding");
  }

  private static void assertRejected(ThrowingCallable call, RejectReason reason, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.field()).isEqualTo(field);
            });
  }

  private static ByteArrayInputStream in(byte[] bytes) {
    return new ByteArrayInputStream(bytes);
  }

  static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    }
    return out.toByteArray();
  }
}
