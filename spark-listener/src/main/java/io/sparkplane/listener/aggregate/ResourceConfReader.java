package io.sparkplane.listener.aggregate;

import io.sparkplane.wire.ResourceConf;
import java.util.Map;
import org.apache.spark.network.util.JavaUtils;

/** Reads the resource settings a run was given from its Spark conf; unset keys stay unknown. */
final class ResourceConfReader {

  private ResourceConfReader() {}

  static ResourceConf read(Map<String, String> conf, String sparkVersion) {
    return new ResourceConf(
        conf.get("spark.master"),
        sparkVersion,
        integer(conf, "spark.executor.instances"),
        integer(conf, "spark.executor.cores"),
        megabytes(conf, "spark.executor.memory"),
        megabytes(conf, "spark.executor.memoryOverhead"),
        megabytes(conf, "spark.driver.memory"),
        integer(conf, "spark.sql.shuffle.partitions"),
        bool(conf, "spark.sql.adaptive.enabled"),
        bool(conf, "spark.sql.adaptive.skewJoin.enabled"),
        bool(conf, "spark.sql.adaptive.coalescePartitions.enabled"),
        bool(conf, "spark.dynamicAllocation.enabled"));
  }

  private static Integer integer(Map<String, String> conf, String key) {
    String v = conf.get(key);
    try {
      return v == null ? null : Integer.valueOf(v.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Long megabytes(Map<String, String> conf, String key) {
    String v = conf.get(key);
    try {
      return v == null ? null : JavaUtils.byteStringAsMb(v.trim());
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Boolean bool(Map<String, String> conf, String key) {
    String v = conf.get(key);
    return v == null ? null : Boolean.valueOf(v.trim());
  }
}
