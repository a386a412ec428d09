package io.sparkplane.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The dashboards in {@code grafana/dashboards}, their panels and queries. */
final class Dashboards {

  /** Panels that wait for a metric another module has not registered yet say so in their description. */
  static final String AWAITING = "Awaiting:";

  private static final ObjectMapper JSON = new ObjectMapper();

  record Dashboard(Path file, JsonNode json) {
    String uid() {
      return json.path("uid").asText("");
    }

    List<Panel> panels() {
      List<Panel> panels = new ArrayList<>();
      collect(json.path("panels"), panels);
      return panels;
    }

    private void collect(JsonNode nodes, List<Panel> into) {
      for (JsonNode node : nodes) {
        if ("row".equals(node.path("type").asText())) {
          collect(node.path("panels"), into);
        } else {
          into.add(new Panel(this, node));
        }
      }
    }

    List<JsonNode> variables() {
      List<JsonNode> list = new ArrayList<>();
      json.path("templating").path("list").forEach(list::add);
      return list;
    }
  }

  record Panel(Dashboard dashboard, JsonNode json) {
    String title() {
      return json.path("title").asText("");
    }

    String description() {
      return json.path("description").asText("");
    }

    String unit() {
      return json.path("fieldConfig").path("defaults").path("unit").asText("");
    }

    boolean awaiting() {
      return description().contains(AWAITING);
    }

    List<String> exprs() {
      List<String> exprs = new ArrayList<>();
      json.path("targets").forEach(t -> exprs.add(t.path("expr").asText("")));
      return exprs;
    }

    List<JsonNode> targets() {
      List<JsonNode> list = new ArrayList<>();
      json.path("targets").forEach(list::add);
      return list;
    }

    /** "dashboard uid / panel title", for messages. */
    String name() {
      return dashboard.uid() + " / " + title();
    }
  }

  private Dashboards() {}

  static List<Path> files() {
    try (Stream<Path> files = Files.list(RepoFiles.grafana().resolve("dashboards"))) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Dashboard read(Path file) {
    try {
      return new Dashboard(file, JSON.readTree(file.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file, e);
    }
  }

  static List<Dashboard> all() {
    return files().stream().map(Dashboards::read).toList();
  }

  static List<Panel> panels() {
    return all().stream().flatMap(d -> d.panels().stream()).toList();
  }
}
