package io.sparkplane.engine;

import java.net.URI;

/**
 * Runs {@link DemoScenario} in its own JVM against a running control plane whose {@code
 * retry.webhook.url} points at {@code http://127.0.0.1:<webhookPort>/retries}. Exit code 0 when
 * every step showed what it should, 1 otherwise.
 *
 * <p>Arguments: control plane URL, webhook port.
 */
public final class DemoScenarioMain {

  private DemoScenarioMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: DemoScenarioMain <controlPlaneUrl> <webhookPort>");
      System.exit(2);
    }
    URI controlPlane = URI.create(args[0]);
    int code;
    try (SegmentationEngine engine = SegmentationEngine.open(EngineSettings.defaults().withWebhookPort(Integer.parseInt(args[1])))) {
      engine.connect(controlPlane);
      code = new DemoScenario(engine, controlPlane, null, System.out).run().ok() ? 0 : 1;
    }
    System.exit(code);
  }
}
