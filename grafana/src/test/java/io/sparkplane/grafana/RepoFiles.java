package io.sparkplane.grafana;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository's files are: the build passes {@code sparkplane.repo.dir}. */
final class RepoFiles {

  private RepoFiles() {}

  static Path root() {
    Path root = Path.of(System.getProperty("sparkplane.repo.dir", "..")).toAbsolutePath().normalize();
    if (!Files.isDirectory(root.resolve("grafana/dashboards"))) {
      fail("repository not found at " + root + " (set -Dsparkplane.repo.dir)");
    }
    return root;
  }

  static Path grafana() {
    return root().resolve("grafana");
  }

  /** The dashboards' recording rules, then the shared recording and alerting rules, then the collector-health alerts. */
  static java.util.List<Path> ruleFiles() {
    Path root = root();
    return java.util.List.of(
        root.resolve("grafana/prometheus/sparkplane-dashboards.rules.yml"),
        root.resolve("prometheus/rules/sparkplane-recording.rules.yml"),
        root.resolve("prometheus/rules/sparkplane-alerts.rules.yml"),
        root.resolve("prometheus/rules/sparkplane-collector.rules.yml"));
  }
}
