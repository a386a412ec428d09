package io.sparkplane.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sparkplane.engine.RetryCall;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The engine's retry webhook ({@code POST /retries}, body as docs/retries.md): validates the body
 * (400 naming the field), checks that {@code Idempotency-Key} agrees with {@code retryId}, and
 * hands the call to the engine, whose answer it returns. Internal.
 */
public final class RetryWebhook implements AutoCloseable {

  /** The engine's answer: HTTP status and JSON body. */
  public record Answer(int status, ObjectNode body) {}

  public static final String PATH = "/retries";
  /** Largest body read. */
  static final int MAX_BODY_BYTES = 256 * 1024;

  private final HttpServer server;
  private final ExecutorService executor;
  private final Function<RetryCall, Answer> handler;

  private RetryWebhook(HttpServer server, ExecutorService executor, Function<RetryCall, Answer> handler) {
    this.server = server;
    this.executor = executor;
    this.handler = handler;
  }

  public static RetryWebhook start(String host, int port, Function<RetryCall, Answer> handler) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
    ExecutorService executor =
        Executors.newFixedThreadPool(2, r -> {
          Thread t = new Thread(r, "sparkplane-engine-webhook");
          t.setDaemon(true);
          return t;
        });
    RetryWebhook webhook = new RetryWebhook(server, executor, handler);
    server.createContext(PATH, webhook::handle);
    server.setExecutor(executor);
    server.start();
    return webhook;
  }

  public URI url() {
    InetSocketAddress a = server.getAddress();
    return URI.create("http://" + a.getHostString() + ":" + a.getPort() + PATH);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")) {
        respond(exchange, 405, error("method_not_allowed", "POST only", null));
        return;
      }
      JsonNode body;
      try (InputStream in = exchange.getRequestBody()) {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
          respond(exchange, 413, error("too_large", "body exceeds " + MAX_BODY_BYTES + " bytes", "$"));
          return;
        }
        body = ControlPlaneHttp.json().readTree(bytes);
      } catch (IOException e) {
        respond(exchange, 400, error("malformed_json", "body is not JSON", "$"));
        return;
      }
      RetryCall call;
      try {
        call = parse(body);
      } catch (BadField e) {
        respond(exchange, 400, error("invalid_parameter", e.getMessage(), e.field));
        return;
      }
      String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
      if (key != null && !key.equals(call.retryId())) {
        respond(exchange, 400, error("invalid_parameter", "Idempotency-Key differs from retryId", "Idempotency-Key"));
        return;
      }
      Answer answer = handler.apply(call);
      respond(exchange, answer.status(), answer.body());
    } catch (RuntimeException e) {
      // An engine fault is the engine's 500: the control plane's delivery retries it.
      respondQuietly(exchange, 500, error("engine_error", String.valueOf(e.getMessage()), null));
      throw e;
    }
  }

  static RetryCall parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new BadField("$", "body must be a JSON object");
    }
    String retryId = text(body, "retryId");
    String runId = text(body, "runId");
    String retryRunId = text(body, "retryRunId");
    String tenant = text(body, "tenant");
    JsonNode attempt = body.get("attempt");
    if (attempt == null || !attempt.canConvertToInt() || attempt.asInt() < 2) {
      throw new BadField("attempt", "attempt must be an integer >= 2");
    }
    Map<String, String> overrides = new LinkedHashMap<>();
    JsonNode conf = body.path("confOverrides");
    if (!conf.isMissingNode() && !conf.isNull()) {
      if (!conf.isObject()) {
        throw new BadField("confOverrides", "confOverrides must be an object of strings");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = conf.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isValueNode()) {
          throw new BadField("confOverrides." + e.getKey(), "must be a string");
        }
        overrides.put(e.getKey(), e.getValue().asText());
      }
    }
    List<String> keys = new ArrayList<>();
    int factor = 0;
    JsonNode salting = body.path("salting");
    if (salting.isObject()) {
      for (JsonNode k : salting.path("keys")) {
        keys.add(k.asText());
      }
      JsonNode f = salting.get("factor");
      if (f == null || !f.canConvertToInt() || f.asInt() < 2) {
        throw new BadField("salting.factor", "salting.factor must be an integer >= 2");
      }
      factor = f.asInt();
    }
    JsonNode deadline = body.get("slaDeadlineMs");
    return new RetryCall(
        retryId, runId, retryRunId, tenant, optional(body, "workload"), attempt.asInt(), optional(body, "class"),
        deadline == null || deadline.isNull() ? null : deadline.asLong(), overrides, keys, factor);
  }

  private static String text(JsonNode body, String field) {
    String v = optional(body, field);
    if (v == null) {
      throw new BadField(field, field + " is required");
    }
    return v;
  }

  private static @Nullable String optional(JsonNode body, String field) {
    JsonNode n = body.get(field);
    return n == null || n.isNull() || n.asText().isBlank() ? null : n.asText();
  }

  public static ObjectNode error(String reason, String message, @Nullable String field) {
    ObjectNode n = ControlPlaneHttp.json().createObjectNode().put("error", message).put("reason", reason);
    if (field != null) {
      n.put("field", field);
    }
    return n;
  }

  private static void respond(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void respondQuietly(HttpExchange exchange, int status, ObjectNode body) {
    try {
      respond(exchange, status, body);
    } catch (IOException | RuntimeException suppressed) {
      // headers may already be sent; the rethrown cause is what matters
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  static final class BadField extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String field;

    BadField(String field, String message) {
      super(message);
      this.field = field;
    }
  }
}
