package io.sparkplane.bench.estimator;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} options with defaults; an unknown name is an error. */
final class Options {

  private final Map<String, String> values = new HashMap<>();

  Options(String[] args, Map<String, String> defaults) {
    values.putAll(defaults);
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i].startsWith("--") ? args[i].substring(2) : null;
      if (name == null || !defaults.containsKey(name) || i + 1 >= args.length) {
        throw new IllegalArgumentException("bad argument '" + args[i] + "'; options: " + defaults);
      }
      values.put(name, args[i + 1]);
    }
  }

  int integer(String name) {
    return Integer.parseInt(values.get(name));
  }
}
