package io.sparkplane.collector.testing;

import java.util.ArrayList;
import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** YAML that the fuzz tests of the configuration files (tenants, settings, alert rules) feed to their loaders. */
public final class HostileYaml {

  private static final List<String> TOKENS =
      List.of(
          ":", "- ", "{", "}", "[", "]", "\t", "  ", "? ", "&a ", "*a", "!!str ", "!!int ", "|", ">", "%YAML 1.1\n",
          "---\n", "...\n", "#", "'", "\"", "\n", "\u0000", "\uFEFF", "key: value\n", "x:\n  - 1\n", "é");

  private HostileYaml() {}

  /** YAML-significant tokens to insert anywhere in a valid file, and any {@code more} for one loader. */
  public static Gen<String> tokens(String... more) {
    List<String> all = new ArrayList<>(TOKENS);
    all.addAll(List.of(more));
    return Generate.pick(all);
  }

  /**
   * A billion-laughs document: ten anchors, each referring {@code fanOut} times to the one before, and
   * a last line such as {@code "server: {host: *a9}"} that puts the last anchor where a loader looks.
   */
  public static String aliasBomb(int fanOut, String use) {
    StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int level = 1; level <= 9; level++) {
      yaml.append("a").append(level).append(": &a").append(level).append(" [");
      for (int k = 0; k < fanOut; k++) {
        yaml.append(k == 0 ? "" : ", ").append("*a").append(level - 1);
      }
      yaml.append("]\n");
    }
    return yaml.append(use).append('\n').toString();
  }
}
