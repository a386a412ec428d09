package io.sparkplane.collector.store.elasticsearch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.collector.store.StoreException;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.wire.Heartbeat;
import io.sparkplane.wire.MetricTotals;
import io.sparkplane.wire.ResourceConf;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.RunSummary;
import io.sparkplane.wire.TelemetryJson;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A run document: the {@link StoredRun} with its filter and metric fields flat (keyword ids, longs),
 * the full identity, resources, heartbeat and summary as non-indexed objects, and the ids of the
 * events folded into it, which make a retried append idempotent per run.
 */
record StoredRunDocument(StoredRun run, Set<String> eventIds) {

  private static final ObjectMapper JSON = TelemetryJson.mapper();

  StoredRunDocument {
    eventIds = Set.copyOf(eventIds);
  }

  ObjectNode toJson(long nowMs) {
    ObjectNode doc = JSON.createObjectNode();
    RunIdentity id = run.identity();
    doc.put("tenant", id.tenant()).put("run_id", id.runId());
    putIfPresent(doc, "region", id.region());
    putIfPresent(doc, "workload", id.workload());
    putIfPresent(doc, "app_id", id.appId());
    putIfPresent(doc, "app_name", id.appName());
    doc.put("attempt", id.attempt());
    doc.put("status", run.status().name()).put("finished", run.isFinished());
    doc.put("submit_time_ms", run.submitTimeMs());
    putIfPresent(doc, "start_time_ms", run.startTimeMs());
    putIfPresent(doc, "end_time_ms", run.endTimeMs());
    putIfPresent(doc, "last_heartbeat_ms", run.lastHeartbeatMs());
    doc.put("event_count", run.eventCount()).put("updated_ms", nowMs);
    RunSummary summary = run.summary();
    if (summary != null) {
      putIfPresent(doc, "duration_ms", summary.timing().durationMs());
      if (summary.failure() != null) {
        putIfPresent(doc, "failure_class", summary.failure().exceptionClass());
      }
      doc.set("metrics", metrics(summary));
      doc.set("summary", JSON.valueToTree(summary));
    }
    doc.set("identity", JSON.valueToTree(id));
    if (run.resources() != null) {
      doc.set("resources", JSON.valueToTree(run.resources()));
    }
    if (run.lastHeartbeat() != null) {
      doc.set("last_heartbeat", JSON.valueToTree(run.lastHeartbeat()));
    }
    ArrayNode ids = doc.putArray("event_ids");
    eventIds.stream().sorted().forEach(ids::add);
    return doc;
  }

  static StoredRunDocument fromJson(JsonNode doc) {
    try {
      StoredRun run =
          new StoredRun(
              JSON.treeToValue(doc.get("identity"), RunIdentity.class),
              RunStatus.valueOf(doc.get("status").asText()),
              doc.get("submit_time_ms").asLong(),
              optionalLong(doc, "start_time_ms"),
              optionalLong(doc, "end_time_ms"),
              optionalLong(doc, "last_heartbeat_ms"),
              optional(doc, "last_heartbeat", Heartbeat.class),
              optional(doc, "summary", RunSummary.class),
              optional(doc, "resources", ResourceConf.class),
              doc.get("event_count").asLong());
      Set<String> ids = new LinkedHashSet<>();
      doc.path("event_ids").forEach(n -> ids.add(n.asText()));
      return new StoredRunDocument(run, ids);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new StoreException("stored run document is not readable", e);
    }
  }

  private static ObjectNode metrics(RunSummary summary) {
    MetricTotals t = summary.totals();
    return JSON.createObjectNode()
        .put("tasks", t.tasks())
        .put("failed_tasks", t.failedTasks())
        .put("executor_run_time_ms", t.executorRunTimeMs())
        .put("executor_cpu_time_ns", t.executorCpuTimeNs())
        .put("jvm_gc_time_ms", t.jvmGcTimeMs())
        .put("input_bytes", t.inputBytes())
        .put("output_bytes", t.outputBytes())
        .put("shuffle_read_bytes", t.shuffleReadBytes())
        .put("shuffle_write_bytes", t.shuffleWriteBytes())
        .put("memory_spill_bytes", t.memorySpillBytes())
        .put("disk_spill_bytes", t.diskSpillBytes())
        .put("peak_execution_memory_bytes", t.peakExecutionMemoryBytes())
        .put("stages", summary.stages().size() + summary.foldedStages());
  }

  private static void putIfPresent(ObjectNode doc, String field, @Nullable String value) {
    if (value != null) {
      doc.put(field, value);
    }
  }

  private static void putIfPresent(ObjectNode doc, String field, @Nullable Long value) {
    if (value != null) {
      doc.put(field, value.longValue());
    }
  }

  private static @Nullable Long optionalLong(JsonNode doc, String field) {
    JsonNode value = doc.get(field);
    return value == null || value.isNull() ? null : value.asLong();
  }

  private static <T> @Nullable T optional(JsonNode doc, String field, Class<T> type)
      throws JsonProcessingException {
    JsonNode value = doc.get(field);
    return value == null || value.isNull() ? null : JSON.treeToValue(value, type);
  }
}
