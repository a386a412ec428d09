package io.sparkplane.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The non-blank lines of one event-log file, for {@code ReplayListenerBus}. It never throws: a read
 * error ends the lines and is kept for the replayer to report, except that in a file that may be
 * truncated, a read error after the first line is the cut-off end of the file (a compressed stream
 * cut mid-block fails this way) and only marks the file {@link #truncated()}. Malformed UTF-8 (a
 * multi-byte character cut in two) is replaced rather than fatal, so a cut line reaches Spark's
 * parser and is dropped there as the truncated last line.
 */
final class EventLines implements Iterator<String> {

  private final BufferedReader reader;
  private final boolean mayBeTruncated;
  private String next;
  private String last;
  private boolean done;
  private long lineNumber;
  private boolean truncated;
  private IOException failure;

  EventLines(InputStream in, boolean mayBeTruncated) {
    this.reader =
        new BufferedReader(
            new InputStreamReader(
                in,
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)),
            64 * 1024);
    this.mayBeTruncated = mayBeTruncated;
  }

  @Override
  public boolean hasNext() {
    while (next == null && !done) {
      try {
        String line = reader.readLine();
        if (line == null) {
          done = true;
        } else {
          lineNumber++;
          if (!line.isBlank()) {
            next = line;
          }
        }
      } catch (IOException e) {
        done = true;
        if (mayBeTruncated && lineNumber > 0) {
          truncated = true;
        } else {
          failure = e;
        }
      }
    }
    return next != null;
  }

  @Override
  public String next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    last = next;
    next = null;
    return last;
  }

  /** Number of the line last read, counting from 1 (blank lines included). */
  long lineNumber() {
    return lineNumber;
  }

  /** The line handed out last, or null. */
  String lastLine() {
    return last;
  }

  /** Whether the file ended in a read error that a truncated file explains. */
  boolean truncated() {
    return truncated;
  }

  /** The read error that ended the lines, or null. */
  IOException failure() {
    return failure;
  }
}
