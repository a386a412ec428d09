package io.sparkplane.reliability;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The live objects of this JVM by class: {@code GC.class_histogram} through the DiagnosticCommand
 * MBean, which runs a full GC first and then counts what is still reachable, as {@code jcmd <pid>
 * GC.class_histogram} does for another JVM. Sizes are shallow (an object's own header and fields),
 * exact per class.
 *
 * <pre>{@code
 * HeapHistogram h = HeapHistogram.take();
 * long events = h.instances("io.sparkplane.wire.TelemetryEvent");
 * }</pre>
 *
 * @param byClass instances and bytes per class name
 * @param heapUsedBytes heap in use right after the histogram's full GC (MemoryMXBean)
 */
record HeapHistogram(Map<String, Count> byClass, long heapUsedBytes) {

  /** Live instances of one class and their shallow bytes. */
  record Count(long instances, long bytes) {}

  /** {@code   12:     3456     110592  io.sparkplane.wire.TelemetryEvent (module)}. */
  private static final Pattern LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

  static HeapHistogram take() {
    String text;
    try {
      text =
          (String)
              ManagementFactory.getPlatformMBeanServer()
                  .invoke(
                      new ObjectName("com.sun.management:type=DiagnosticCommand"),
                      "gcClassHistogram",
                      new Object[] {new String[0]},
                      new String[] {String[].class.getName()});
    } catch (JMException e) {
      throw new IllegalStateException("GC.class_histogram failed", e);
    }
    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    return new HeapHistogram(parse(text), used);
  }

  static Map<String, Count> parse(String text) {
    Map<String, Count> byClass = new HashMap<>();
    for (String line : text.split("\n")) {
      Matcher m = LINE.matcher(line);
      if (m.find()) {
        byClass.merge(
            m.group(3),
            new Count(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))),
            (a, b) -> new Count(a.instances() + b.instances(), a.bytes() + b.bytes()));
      }
    }
    if (byClass.isEmpty()) {
      throw new IllegalStateException("no class lines in GC.class_histogram output: " + text);
    }
    return byClass;
  }

  /**
   * Only the classes holding at least {@code minBytes}: small to keep, so that keeping it does not
   * itself show in later histograms.
   */
  HeapHistogram largeClasses(long minBytes) {
    Map<String, Count> large = new HashMap<>();
    byClass.forEach(
        (name, count) -> {
          if (count.bytes() >= minBytes) {
            large.put(name, count);
          }
        });
    return new HeapHistogram(large, heapUsedBytes);
  }

  /**
   * The {@code n} classes whose bytes grew most from {@code earlier} to this histogram, e.g. "[B
   * +12,345 B" (a class missing from {@code earlier} counts from 0).
   */
  List<String> topGrowth(HeapHistogram earlier, int n) {
    return byClass.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue().bytes() - earlier.bytesOf(e.getKey())))
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(n)
        .map(e -> String.format("%s +%,d B", e.getKey(), e.getValue()))
        .toList();
  }

  private long bytesOf(String className) {
    Count c = byClass.get(className);
    return c == null ? 0 : c.bytes();
  }

  long instances(String className) {
    Count c = byClass.get(className);
    return c == null ? 0 : c.instances();
  }

  /** Shallow bytes of every class whose name starts with one of {@code prefixes}. */
  long bytes(List<String> prefixes) {
    return sum(name -> prefixes.stream().anyMatch(name::startsWith), Count::bytes);
  }

  /** Instances of every class whose name starts with one of {@code prefixes}. */
  long instances(List<String> prefixes) {
    return sum(name -> prefixes.stream().anyMatch(name::startsWith), Count::instances);
  }

  private long sum(Predicate<String> classes, java.util.function.ToLongFunction<Count> what) {
    return byClass.entrySet().stream()
        .filter(e -> classes.test(e.getKey()))
        .mapToLong(e -> what.applyAsLong(e.getValue()))
        .sum();
  }
}
