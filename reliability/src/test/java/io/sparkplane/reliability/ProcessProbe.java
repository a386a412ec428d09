package io.sparkplane.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads another JVM's heap after a full GC ({@code jcmd}) and its open file descriptors (/proc). */
final class ProcessProbe {

  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  private final long pid;
  private final String jcmd;

  ProcessProbe(long pid) {
    this.pid = pid;
    this.jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
  }

  /** Heap in use right after a full collection, in bytes. */
  long heapAfterGc() throws IOException, InterruptedException {
    run("GC.run");
    Matcher m = USED.matcher(run("GC.heap_info"));
    if (!m.find()) {
      throw new IllegalStateException("no 'used' figure in jcmd GC.heap_info of " + pid);
    }
    return Long.parseLong(m.group(1)) * 1024;
  }

  /** Entries in /proc/pid/fd. */
  long openFileDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return fds.count();
    }
  }

  private String run(String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
    }
    return out;
  }
}
