package io.sparkplane.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.sparkplane.collector.auth.GeneratedToken;
import io.sparkplane.collector.auth.TenantTokens;
import io.sparkplane.collector.auth.TokenHasher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sparkplane tenants add|operator|revoke|list}: manages the tenants file. Tokens are printed
 * once and stored only as hashes; the server reads the file at start.
 */
@Command(
    name = "tenants",
    mixinStandardHelpOptions = true,
    description = {
      "Manages tenants.yaml: 'add TENANT' and 'operator' create a token (printed once, stored hashed),"
          + " 'revoke TOKEN' revokes one, 'list' shows tenants and token counts.",
      "Restart the server (or point collector.tenantsFile at the file) to apply."
    })
public final class TenantsCommand implements Callable<Integer> {

  private static final YAMLMapper YAML = new YAMLMapper();

  @Parameters(index = "0", paramLabel = "ACTION", description = "add, operator, revoke or list")
  String action;

  @Parameters(index = "1", arity = "0..1", paramLabel = "ARG", description = "tenant (add) or token (revoke)")
  String arg;

  @Option(names = "--file", defaultValue = "tenants.yaml", description = "Tenants file (default: ${DEFAULT-VALUE}).")
  Path file;

  @Override
  public Integer call() throws Exception {
    ObjectNode root =
        Files.exists(file) && Files.size(file) > 0
            ? (ObjectNode) YAML.readTree(file.toFile())
            : JsonNodeFactory.instance.objectNode();
    switch (action) {
      case "add" -> {
        require(arg, "add needs a TENANT");
        GeneratedToken token = TenantTokens.generate();
        ObjectNode tenants = root.has("tenants") ? (ObjectNode) root.get("tenants") : root.putObject("tenants");
        ArrayNode hashes = tenants.has(arg) ? (ArrayNode) tenants.get(arg) : tenants.putArray(arg);
        hashes.add(token.hash());
        save(root);
        System.out.println(token.token());
        System.err.println("token for tenant '" + arg + "' (shown once; stored hashed in " + file + ")");
      }
      case "operator" -> {
        GeneratedToken token = TenantTokens.generate();
        array(root, "operators").add(token.hash());
        save(root);
        System.out.println(token.token());
        System.err.println("operator token (shown once; stored hashed in " + file + ")");
      }
      case "revoke" -> {
        require(arg, "revoke needs a TOKEN");
        array(root, "revoked").add(TokenHasher.hash(arg));
        save(root);
        System.err.println("revoked in " + file);
      }
      case "list" -> {
        JsonNode tenants = root.path("tenants");
        tenants.fieldNames().forEachRemaining(t -> System.out.printf("%-30s %d token(s)%n", t, tenants.get(t).size()));
        System.out.printf("operators: %d, revoked: %d%n", root.path("operators").size(), root.path("revoked").size());
      }
      default -> throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(this), "ACTION must be add, operator, revoke or list, was " + action);
    }
    if (Files.exists(file)) {
      TenantTokens.load(file); // the file the server will read must stay valid
    }
    return 0;
  }

  private void require(String value, String message) {
    if (value == null || value.isBlank()) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), message);
    }
  }

  private static ArrayNode array(ObjectNode root, String name) {
    return root.has(name) ? (ArrayNode) root.get(name) : root.putArray(name);
  }

  private void save(ObjectNode root) throws Exception {
    YAML.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
  }
}
