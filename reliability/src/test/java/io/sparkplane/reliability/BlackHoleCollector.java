package io.sparkplane.reliability;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback port that accepts every connection and never reads or answers: the worst a collector
 * can do to a client, which only its own timeouts end.
 */
final class BlackHoleCollector implements AutoCloseable {

  private final ServerSocket server;
  private final List<Socket> held = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  BlackHoleCollector() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::accept, "black-hole-collector");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        held.add(server.accept());
      } catch (IOException closed) {
        return;
      }
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  int connectionsAccepted() {
    return held.size();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : held) {
      s.close();
    }
  }
}
