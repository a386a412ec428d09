package io.sparkplane.collector.extension;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sparkplane.collector.http.Authentication;
import io.sparkplane.collector.http.RunLookup;
import io.sparkplane.collector.store.RunStore;
import java.time.Clock;

/**
 * What the collector shares with an extension.
 *
 * @param store the run store (attach documents to runs with {@link RunStore#putAttachment})
 * @param authentication resolves a request's tenant scope, as the collector's own routes do
 * @param runs finds the run a {@code /api/v1/runs/{runId}/...} route names and reads the store for
 *     it, answering errors as the collector's own run route does
 * @param registry the registry {@code /metrics} exposes
 * @param clock the collector's clock
 */
public record ExtensionContext(
    RunStore store,
    Authentication authentication,
    RunLookup runs,
    PrometheusMeterRegistry registry,
    Clock clock) {}
