package io.sparkplane.collector.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;

/**
 * Reads one JSON value and refuses it as soon as it holds more than {@code limit} object fields plus
 * array elements, counted as the values below the first token go by, so an oversized event is
 * refused without building its tree and without a second walk over the trees that pass. Start it
 * with the underlying parser at the value's first token.
 */
final class FieldCountingParser extends JsonParserDelegate {

  private final long limit;
  private long count;

  FieldCountingParser(JsonParser parser, long limit) {
    super(parser);
    this.limit = limit;
  }

  @Override
  public JsonToken nextToken() throws IOException {
    return counted(super.nextToken());
  }

  @Override
  public JsonToken nextValue() throws IOException {
    return counted(super.nextValue());
  }

  /** Every value (scalar or the start of a container) below the first token is one field or element. */
  private JsonToken counted(JsonToken token) throws FieldLimitExceeded {
    if (token != null && (token.isScalarValue() || token.isStructStart()) && ++count > limit) {
      throw new FieldLimitExceeded(this, limit);
    }
    return token;
  }

  /** Thrown from the parser while the tree is read; {@link EventBatchParser} turns it into a refusal. */
  static final class FieldLimitExceeded extends IOException {
    FieldLimitExceeded(JsonParser parser, long limit) {
      super("more than " + limit + " fields, at " + parser.currentLocation());
    }
  }
}
