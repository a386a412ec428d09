package io.sparkplane.listener.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.sparkplane.listener.ListenerSettings.OtelSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The listener's span pipeline: a tracer provider whose batch span processor (bounded queue, drops
 * when full, exports on its own daemon thread) sends spans by OTLP/HTTP protobuf through the JDK HTTP
 * client, so the driver gets no OkHttp or Kotlin. The sender is wired in code, not found through
 * {@code META-INF/services}, which the shaded jar does not carry.
 *
 * <pre>{@code
 * OtlpSpanExport export = OtlpSpanExport.start(settings.otel());
 * Tracer tracer = export.tracer();
 * ...
 * export.close(Duration.ofSeconds(5));
 * }</pre>
 */
public final class OtlpSpanExport {

  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  private final SdkTracerProvider provider;

  private OtlpSpanExport(SdkTracerProvider provider) {
    this.provider = provider;
  }

  /**
   * Starts the pipeline for {@code settings.endpoint()}.
   *
   * @throws IllegalArgumentException if the endpoint is not an http(s) URL
   */
  public static OtlpSpanExport start(OtelSettings settings) {
    return start(settings, exporter(settings));
  }

  /** The same pipeline with another exporter, for tests. */
  static OtlpSpanExport start(OtelSettings settings, SpanExporter exporter) {
    BatchSpanProcessor processor =
        BatchSpanProcessor.builder(exporter)
            .setMaxQueueSize(settings.queueSize())
            .setMaxExportBatchSize(Math.min(512, settings.queueSize()))
            .setExporterTimeout(settings.exportTimeout())
            .setMeterProvider(MeterProvider.noop())
            .build();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(Resource.create(Attributes.of(SERVICE_NAME, settings.serviceName()))))
            .addSpanProcessor(processor)
            .build();
    return new OtlpSpanExport(provider);
  }

  private static SpanExporter exporter(OtelSettings settings) {
    String endpoint = settings.endpoint();
    URI uri = URI.create(endpoint);
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "spark.sparkplane.otel.endpoint must be an http(s) URL with a host, was " + endpoint);
    }
    String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    String traces = base.endsWith("/v1/traces") ? base : base + "/v1/traces";
    return OtlpHttpSpanExporter.builder()
        .setEndpoint(traces)
        .setTimeout(settings.exportTimeout())
        .setMeterProvider(MeterProvider::noop)
        .setComponentLoader(JdkSenderOnly.INSTANCE)
        .build();
  }

  public Tracer tracer() {
    return provider.get(RunTracing.INSTRUMENTATION_SCOPE);
  }

  /** Exports what is queued, waiting at most {@code timeout}, and stops the export thread. */
  public void close(Duration timeout) {
    CompletableResultCode done = provider.shutdown();
    done.join(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
  }

  /** Serves the JDK HTTP sender to the exporter builder, and nothing else. */
  private enum JdkSenderOnly implements ComponentLoader {
    INSTANCE;

    @Override
    @SuppressWarnings("unchecked")
    public <T> Iterable<T> load(Class<T> spiClass) {
      if (spiClass.isAssignableFrom(JdkHttpSenderProvider.class)) {
        return List.of((T) new JdkHttpSenderProvider());
      }
      return List.of();
    }
  }
}
