package io.sparkplane.collector.ingest;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.jspecify.annotations.Nullable;

/**
 * Reads a request body into memory, undoing {@code Content-Encoding: gzip}, and refuses bodies above
 * {@code maxPayloadBytes} both as sent and after decompression, so a small gzip bomb cannot expand
 * past the limit: decompression stops one byte after it.
 *
 * <pre>{@code
 * byte[] json = new PayloadDecoder(4 << 20).decode(in, "gzip", contentLength);
 * }</pre>
 */
public final class PayloadDecoder {

  private final int maxPayloadBytes;

  public PayloadDecoder(int maxPayloadBytes) {
    if (maxPayloadBytes < 1) {
      throw new IllegalArgumentException("maxPayloadBytes must be >= 1, was " + maxPayloadBytes);
    }
    this.maxPayloadBytes = maxPayloadBytes;
  }

  /**
   * @param body the raw body; read up to one byte past the limit, not closed
   * @param contentEncoding the {@code Content-Encoding} header, or {@code null}
   * @param declaredLength the {@code Content-Length}, or a negative value if unknown
   * @return the decoded body
   * @throws IngestException 413 if too large, 415 for an unsupported encoding, 400 for a corrupt or
   *     truncated gzip stream
   * @throws IOException if reading the body from the client failed
   */
  public byte[] decode(InputStream body, @Nullable String contentEncoding, long declaredLength)
      throws IOException {
    boolean gzip = isGzip(contentEncoding);
    if (declaredLength > maxPayloadBytes) {
      throw tooLarge("request body of " + declaredLength + " bytes");
    }
    byte[] raw = body.readNBytes(maxPayloadBytes + 1);
    if (raw.length > maxPayloadBytes) {
      throw tooLarge("request body");
    }
    return gzip ? gunzip(raw) : raw;
  }

  private static boolean isGzip(@Nullable String contentEncoding) {
    String encoding = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
    return switch (encoding) {
      case "", "identity" -> false;
      case "gzip", "x-gzip" -> true;
      default ->
          throw new IngestException(
              RejectReason.UNSUPPORTED_MEDIA_TYPE,
              "Content-Encoding must be gzip or identity, was '" + contentEncoding + "'",
              "Content-Encoding");
    };
  }

  private byte[] gunzip(byte[] compressed) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
      byte[] decoded = in.readNBytes(maxPayloadBytes + 1);
      if (decoded.length > maxPayloadBytes) {
        throw tooLarge("decompressed request body");
      }
      return decoded;
    } catch (EOFException e) {
      throw badGzip("gzip body is truncated", e);
    } catch (ZipException e) {
      throw badGzip("gzip body is corrupt: " + e.getMessage(), e);
    } catch (IOException e) {
      throw badGzip("gzip body cannot be read: " + e.getMessage(), e);
    }
  }

  private IngestException tooLarge(String what) {
    return new IngestException(
        RejectReason.PAYLOAD_TOO_LARGE,
        what + " exceeds maxPayloadBytes (" + maxPayloadBytes + " bytes)",
        "body");
  }

  private static IngestException badGzip(String message, IOException cause) {
    return new IngestException(RejectReason.BAD_ENCODING, message, "Content-Encoding", null, cause);
  }
}
