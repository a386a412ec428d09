package io.sparkplane.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} command-line options with defaults; unknown names are an error. */
final class Args {

  private final Map<String, String> values = new HashMap<>();

  Args(String[] args, Map<String, String> defaults) {
    values.putAll(defaults);
    for (int i = 0; i < args.length; i++) {
      String name = args[i].startsWith("--") ? args[i].substring(2) : null;
      if (name == null || !defaults.containsKey(name) || i + 1 >= args.length) {
        throw new IllegalArgumentException(
            "bad argument '" + args[i] + "'; options (with defaults): " + defaults);
      }
      values.put(name, args[++i]);
    }
  }

  String string(String name) {
    return values.get(name);
  }

  int integer(String name) {
    return Integer.parseInt(values.get(name));
  }

  long longValue(String name) {
    return Long.parseLong(values.get(name));
  }
}
