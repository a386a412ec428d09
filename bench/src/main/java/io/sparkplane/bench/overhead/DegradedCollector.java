package io.sparkplane.bench.overhead;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A collector in a bad state, on a loopback port. {@code blackhole}: accepts every connection and
 * never reads or answers. {@code flapping}: forwards to a {@link CollectorStub} for one period,
 * resets every connection (kept-alive ones too) for the next, and so on.
 */
final class DegradedCollector implements AutoCloseable {

  private final ServerSocket server;
  private final boolean flapping;
  private final CollectorStub stub;
  private final long periodNanos;
  private final long start = System.nanoTime();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong reset = new AtomicLong();
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "degraded-collector");
            t.setDaemon(true);
            return t;
          });
  private final ScheduledExecutorService phases =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "degraded-collector-phase");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean wasUp = true;

  DegradedCollector(String mode, Duration period) throws IOException {
    if (!mode.equals("blackhole") && !mode.equals("flapping")) {
      throw new IllegalArgumentException("mode must be blackhole or flapping: " + mode);
    }
    this.flapping = mode.equals("flapping");
    this.stub = flapping ? new CollectorStub() : null;
    this.periodNanos = period.toNanos();
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.submit(this::accept);
    if (flapping) {
      phases.scheduleAtFixedRate(this::cutOnDown, 20, 20, TimeUnit.MILLISECONDS);
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  String report() {
    return String.format(
        "degraded collector (%s): %d connections accepted, %d reset%s",
        flapping ? "flapping every " + periodNanos / 1_000_000 + " ms" : "black hole",
        accepted.get(), reset.get(), stub != null ? "; behind it " + stub.report() : "");
  }

  private boolean up() {
    return ((System.nanoTime() - start) / periodNanos) % 2 == 0;
  }

  private void cutOnDown() {
    boolean up = up();
    if (wasUp && !up) {
      open.forEach(this::reset);
    }
    wasUp = up;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (!flapping) {
          accepted.incrementAndGet();
          open.add(client); // held, never read: the black hole
        } else if (up()) {
          accepted.incrementAndGet();
          Socket target = new Socket(InetAddress.getLoopbackAddress(), stubPort());
          open.add(client);
          open.add(target);
          threads.submit(() -> pump(client, target));
          threads.submit(() -> pump(target, client));
        } else {
          reset(client);
        }
      } catch (IOException e) {
        if (server.isClosed()) {
          return;
        }
      }
    }
  }

  private int stubPort() {
    return Integer.parseInt(stub.url().substring(stub.url().lastIndexOf(':') + 1));
  }

  private void pump(Socket from, Socket to) {
    byte[] buf = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException endOfConnection) {
      // one side closed or was reset: both are closed below
    } finally {
      close(from);
      close(to);
    }
  }

  private void reset(Socket s) {
    reset.incrementAndGet();
    try {
      s.setSoLinger(true, 0); // close sends RST, like a collector that went away
    } catch (IOException alreadyClosed) {
      // closing below is all that is left
    }
    close(s);
  }

  private void close(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException alreadyClosed) {
      // nothing left to release
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    phases.shutdownNow();
    threads.shutdownNow();
    open.forEach(this::close);
    if (stub != null) {
      stub.close();
    }
  }
}
