package io.sparkplane.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy in front of a collector that is up and down by turns: for {@code period} it
 * forwards connections, for the next {@code period} it resets every connection (a collector that
 * restarts, a load balancer without healthy targets), and so on, until {@link #steady()}.
 */
final class FlappingProxy implements AutoCloseable {

  private final ServerSocket server;
  private final int targetPort;
  private final long periodNanos;
  private final long start = System.nanoTime();
  private final ExecutorService pumps =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "flapping-proxy");
            t.setDaemon(true);
            return t;
          });
  private final AtomicLong forwarded = new AtomicLong();
  private final AtomicLong reset = new AtomicLong();
  private final java.util.Set<Socket> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.ScheduledExecutorService phases =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "flapping-proxy-phase");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean steady;
  private volatile boolean wasUp = true;

  FlappingProxy(int targetPort, Duration period) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.targetPort = targetPort;
    this.periodNanos = period.toNanos();
    pumps.submit(this::accept);
    phases.scheduleAtFixedRate(this::cutOnDown, 20, 20, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** When a down phase begins, kept-alive connections die too, as with a collector that went away. */
  private void cutOnDown() {
    boolean up = up();
    if (wasUp && !up) {
      for (Socket s : open) {
        reset(s);
      }
    }
    wasUp = up;
  }

  private void reset(Socket s) {
    try {
      s.setSoLinger(true, 0);
    } catch (IOException alreadyClosed) {
      // closing it below is all that is left
    }
    closeQuietly(s);
    open.remove(s);
  }

  String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** Stops flapping: forwards everything from now on. */
  void steady() {
    steady = true;
  }

  long connectionsForwarded() {
    return forwarded.get();
  }

  long connectionsReset() {
    return reset.get();
  }

  private boolean up() {
    return steady || ((System.nanoTime() - start) / periodNanos) % 2 == 0;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (up()) {
          forwarded.incrementAndGet();
          Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
          open.add(client);
          open.add(target);
          pumps.submit(() -> pump(client, target));
          pumps.submit(() -> pump(target, client));
        } else {
          reset.incrementAndGet();
          reset(client); // RST, like a port nobody listens on
        }
      } catch (IOException e) {
        if (server.isClosed()) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buf = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException endOfConnection) {
      // either side closed: close both below
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException alreadyGone) {
      // nothing left to release
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    phases.shutdownNow();
    pumps.shutdownNow();
    for (Socket s : open) {
      closeQuietly(s);
    }
  }
}
