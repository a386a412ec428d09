package io.sparkplane.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A tmpfs of a few MiB mounted on a test directory, so a store can run out of disk for real.
 * Needs root (or CAP_SYS_ADMIN); {@link #tryMount} says why not otherwise.
 */
final class SmallTmpfs implements AutoCloseable {

  private final Path dir;
  private final Path filler;

  private SmallTmpfs(Path dir) {
    this.dir = dir;
    this.filler = dir.resolve("filler.bin");
  }

  /** Mounts; the result's message says why it could not (not root, mount refused). */
  static Mounted tryMount(Path dir, int sizeMiB) throws IOException, InterruptedException {
    if (!"root".equals(System.getProperty("user.name"))) {
      return new Mounted(null, "needs root to mount a tmpfs (running as " + System.getProperty("user.name") + ")");
    }
    Process p =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + sizeMiB + "m", "tmpfs", dir.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      return new Mounted(null, "mount -t tmpfs refused (container without CAP_SYS_ADMIN?): " + out.strip());
    }
    return new Mounted(new SmallTmpfs(dir), "");
  }

  record Mounted(SmallTmpfs fs, String whyNot) {}

  Path dir() {
    return dir;
  }

  /** Fills every free byte with a file; returns its size. */
  long fill() throws IOException {
    long written = 0;
    byte[] chunk = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      for (int size = chunk.length; size >= 512; size /= 2) {
        try {
          while (true) {
            out.write(chunk, 0, size);
            out.flush();
            written += size;
          }
        } catch (IOException full) {
          // No space left on device: try a smaller piece
        }
      }
    } catch (IOException closeFailed) {
      // the last buffered bytes did not fit either
    }
    return written;
  }

  /** Gives the space back. */
  void free() throws IOException {
    Files.deleteIfExists(filler);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("umount", "-l", dir.toString()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    p.waitFor(30, TimeUnit.SECONDS);
  }
}
