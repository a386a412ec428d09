package io.sparkplane.collector.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.net.URI;

/**
 * An OpenTelemetry SDK that sends the collector's spans by OTLP/HTTP (protobuf) in batches. The
 * server starts it only when an endpoint is configured and closes it at shutdown, which flushes the
 * spans still queued.
 *
 * <pre>{@code
 * try (OpenTelemetrySdk sdk = OtlpTracing.start("http://localhost:4318", "sparkplane-collector")) {
 *   CollectorServer.builder(config).tracing(CollectorTracing.of(sdk)).build();
 * }
 * }</pre>
 */
public final class OtlpTracing {

  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  private OtlpTracing() {}

  /**
   * @param endpoint base URL of an OTLP/HTTP receiver, e.g. {@code http://localhost:4318}; spans go
   *     to {@code <endpoint>/v1/traces}
   * @param serviceName the {@code service.name} resource attribute
   * @throws IllegalArgumentException if the endpoint is not an http(s) URL
   */
  public static OpenTelemetrySdk start(String endpoint, String serviceName) {
    URI uri = URI.create(endpoint);
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("otel endpoint must be an http(s) URL, was '" + endpoint + "'");
    }
    String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder().setEndpoint(base + "/v1/traces").build();
    SdkTracerProvider tracerProvider =
        SdkTracerProvider.builder()
            .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(SERVICE_NAME, serviceName))))
            .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
            .build();
    return OpenTelemetrySdk.builder()
        .setTracerProvider(tracerProvider)
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
  }
}
