package io.sparkplane.bench.ingest;

import io.sparkplane.collector.CollectorConfig;
import io.sparkplane.collector.CollectorServer;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.elasticsearch.ElasticsearchRunStore;
import io.sparkplane.collector.store.elasticsearch.ElasticsearchStoreConfig;
import io.sparkplane.collector.store.elasticsearch.ElasticsearchStoreConfig.RefreshMode;
import io.sparkplane.collector.store.h2.H2RunStore;
import io.sparkplane.collector.testing.ElasticsearchNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sustained ingest over HTTP into a real {@link CollectorServer}, once on the embedded H2 store and
 * once on Elasticsearch (a local single-node cluster this harness starts from the Maven Central zip,
 * or {@code --es-url}), in one run. Each run is a {@code RUN_STARTED}, a {@code HEARTBEAT} and a
 * {@code RUN_FINISHED} with a 20-stage summary. {@code --stores discard} runs the same load against a
 * store that keeps nothing ({@link DiscardingRunStore}): what ingest costs without any store. {@code --mode listener} (default) sends each event in
 * its own request, in order, as one driver's listener does; {@code --mode batch} packs {@code
 * --batch} runs per request. {@code --senders} concurrent keep-alive clients; {@code --client jdk}
 * (default, the listener's {@code java.net.http.HttpClient}) or {@code urlconnection} (a lighter client
 * for the same requests, see {@link IngestClient}). Prints a Markdown table: runs/s, p50/p95/p99
 * request latency, the load generator's share of the JVM's CPU and the CPU per run.
 *
 * <pre>
 * bench/run-ingest-bench.sh --runs 20000 --senders 16
 * </pre>
 */
public final class IngestThroughputBench {

  private static final Map<String, String> DEFAULTS =
      Map.ofEntries(
          Map.entry("runs", "20000"),
          Map.entry("warmup", "2000"),
          Map.entry("batch", "50"),
          Map.entry("senders", "16"),
          Map.entry("mode", "listener"),
          Map.entry("stages", "20"),
          Map.entry("stores", "embedded,elasticsearch"),
          Map.entry("es-url", ""),
          Map.entry("es-refresh", "ON_READ"),
          Map.entry("es-refresh-interval", "1s"),
          Map.entry("client", "jdk"));

  private IngestThroughputBench() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = parse(argv);
    boolean listener = switch (args.get("mode")) {
      case "listener" -> true;
      case "batch" -> false;
      default -> throw new IllegalArgumentException("--mode is listener or batch");
    };
    int runs = Integer.parseInt(args.get("runs"));
    int warmup = Integer.parseInt(args.get("warmup"));
    int batch = Integer.parseInt(args.get("batch"));
    int senders = Integer.parseInt(args.get("senders"));
    int stages = Integer.parseInt(args.get("stages"));
    String client = args.get("client");
    IngestClient.named(client, senders).close();
    Load load = new Load(runs, warmup, batch, senders, stages, listener, client);
    System.out.printf(
        Locale.ROOT,
        "ingest bench: %d runs (+%d warm-up) of %d stages, %s, %d senders, %s client, %d cores, java %s%n",
        runs, warmup, stages, listener ? "one event per request (listener)" : batch + " runs per request", senders, client,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    StringBuilder table = new StringBuilder(IngestResult.header()).append('\n');
    for (String listed : args.get("stores").split(",")) {
      String store = listed.trim();
      IngestResult result =
          switch (store) {
            case "embedded" -> embedded(load);
            case "elasticsearch" -> elasticsearch(args, load);
            case "discard" -> measure(new DiscardingRunStore(), "discard", load);
            default -> throw new IllegalArgumentException("unknown store '" + store + "'");
          };
      String label =
          store.equals("elasticsearch")
              ? "elasticsearch (refresh " + args.get("es-refresh").toLowerCase(Locale.ROOT) + ", interval "
                  + args.get("es-refresh-interval") + ")"
              : store.equals("discard") ? "no store (discards; the ceiling of any store)" : "embedded H2";
      table.append(result.row(label)).append('\n');
      long expected = (long) RealisticRuns.EVENTS_PER_RUN * result.runs();
      if (result.acceptedEvents() != expected) {
        throw new IllegalStateException(
            store + ": collector accepted " + result.acceptedEvents() + " events, expected " + expected);
      }
      System.out.println(result.row(label));
    }
    System.out.println();
    System.out.print(table);
  }

  /** What to send: {@code --runs}, {@code --warmup}, {@code --batch}, {@code --senders}, {@code --stages}, {@code --mode}, {@code --client}. */
  private record Load(int runs, int warmup, int batch, int senders, int stages, boolean listener, String client) {}

  private static IngestResult embedded(Load load) throws Exception {
    Path dir = Files.createTempDirectory("sparkplane-ingest-bench");
    try (RunStore store = H2RunStore.open(dir, Clock.systemUTC())) {
      return measure(store, "h2", load);
    }
  }

  private static IngestResult elasticsearch(Map<String, String> args, Load load) throws Exception {
    ElasticsearchNode node = null;
    String url = args.get("es-url");
    if (url.isBlank()) {
      node = ElasticsearchNode.create();
      long t0 = System.nanoTime();
      node.start();
      System.out.printf(Locale.ROOT, "started %s in %.1f s%n", node, (System.nanoTime() - t0) / 1e9);
      url = node.url();
    }
    try {
      ElasticsearchStoreConfig config =
          ElasticsearchStoreConfig.defaults(URI.create(url))
              .withIndexPrefix("bench-" + System.currentTimeMillis())
              .withShards(1, 0)
              .withRetentionMonths(0)
              .withRefresh(
                  RefreshMode.valueOf(args.get("es-refresh").toUpperCase(Locale.ROOT)),
                  Duration.parse("PT" + args.get("es-refresh-interval").toUpperCase(Locale.ROOT)));
      try (RunStore store = ElasticsearchRunStore.open(config, Clock.systemUTC())) {
        return measure(store, "es", load);
      }
    } finally {
      if (node != null) {
        node.close();
      }
    }
  }

  private static IngestResult measure(RunStore store, String name, Load load) throws Exception {
    RealisticRuns fleet = new RealisticRuns(name + "-" + System.nanoTime(), load.stages(), Instant.now().toEpochMilli());
    List<List<byte[]>> warm = IngestLoad.units(fleet, 0, load.warmup(), load.batch(), load.listener());
    List<List<byte[]>> bodies = IngestLoad.units(fleet, load.warmup(), load.runs(), load.batch(), load.listener());
    Path data = Files.createTempDirectory("sparkplane-ingest-bench-unused");
    try (CollectorServer server =
        CollectorServer.builder(CollectorConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(data))
            .store(store)
            .build()) {
      URI base = URI.create("http://127.0.0.1:" + server.start());
      if (!warm.isEmpty()) {
        IngestLoad.post(base, warm, load.warmup(), load.senders(), load.client());
      }
      return IngestLoad.post(base, bodies, load.runs(), load.senders(), load.client());
    }
  }

  private static Map<String, String> parse(String[] argv) {
    Map<String, String> values = new HashMap<>(DEFAULTS);
    for (int i = 0; i < argv.length; i++) {
      String name = argv[i].startsWith("--") ? argv[i].substring(2) : null;
      if (name == null || !DEFAULTS.containsKey(name) || i + 1 >= argv.length) {
        throw new IllegalArgumentException("bad argument '" + argv[i] + "'; options (with defaults): " + DEFAULTS);
      }
      values.put(name, argv[++i]);
    }
    return values;
  }
}
