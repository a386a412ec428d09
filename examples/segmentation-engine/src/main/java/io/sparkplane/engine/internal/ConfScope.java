package io.sparkplane.engine.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.RuntimeConfig;
import scala.Option;

/**
 * Sets runtime SQL confs for one run and puts the previous values back on close. Confs that cannot
 * change at run time (executor memory, cores) are listed as ignored, not set. Internal.
 */
public final class ConfScope implements AutoCloseable {

  private final RuntimeConfig conf;
  private final Map<String, Option<String>> previous = new LinkedHashMap<>();
  private final Map<String, String> applied = new LinkedHashMap<>();
  private final List<String> ignored = new ArrayList<>();

  public ConfScope(RuntimeConfig conf) {
    this.conf = conf;
  }

  public ConfScope set(Map<String, String> values) {
    for (Map.Entry<String, String> e : values.entrySet()) {
      String key = e.getKey();
      if (!conf.isModifiable(key)) {
        ignored.add(key);
        continue;
      }
      previous.putIfAbsent(key, conf.getOption(key));
      conf.set(key, e.getValue());
      applied.put(key, e.getValue());
    }
    return this;
  }

  public Map<String, String> applied() {
    return Map.copyOf(applied);
  }

  public List<String> ignored() {
    return List.copyOf(ignored);
  }

  @Override
  public void close() {
    for (Map.Entry<String, Option<String>> e : previous.entrySet()) {
      if (e.getValue().isDefined()) {
        conf.set(e.getKey(), e.getValue().get());
      } else {
        conf.unset(e.getKey());
      }
    }
  }
}
