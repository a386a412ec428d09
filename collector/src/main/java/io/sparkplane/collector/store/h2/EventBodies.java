package io.sparkplane.collector.store.h2;

import io.sparkplane.collector.store.StoreException;
import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * How {@link H2RunStore} keeps an event's JSON: zlib-deflated at the fastest level, as bytes in the
 * event's row ({@code events.body_deflated}), not as text in H2's LOB storage. A run summary of 15 KB
 * takes about a third of that. Rows written by earlier versions keep their JSON as text in {@code
 * events.body}.
 */
final class EventBodies {

  private static final int CHUNK = 8 * 1024;

  private EventBodies() {}

  static byte[] deflate(byte[] json) {
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    try {
      deflater.setInput(json);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 3 + 64);
      byte[] chunk = new byte[CHUNK];
      while (!deflater.finished()) {
        out.write(chunk, 0, deflater.deflate(chunk));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  static byte[] inflate(byte[] stored) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(stored);
      ByteArrayOutputStream out = new ByteArrayOutputStream(stored.length * 4);
      byte[] chunk = new byte[CHUNK];
      while (!inflater.finished()) {
        int n = inflater.inflate(chunk);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new StoreException("stored event body is truncated");
        }
        out.write(chunk, 0, n);
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new StoreException("stored event body is corrupt", e);
    } finally {
      inflater.end();
    }
  }
}
