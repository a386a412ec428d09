package io.sparkplane.collector.auth;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Says what is wrong with a tenants file without quoting it. Jackson's and SnakeYAML's own messages
 * quote the offending value and the surrounding text, and a plain token pasted where its hash
 * belongs would then reach the log; this names only the place (section, tenant, line and column)
 * and the kind of problem.
 */
final class TenantsFileProblem {

  private static final Set<String> SECTIONS = Set.of("tenants", "operators", "revoked");

  private TenantsFileProblem() {}

  static String describe(JsonProcessingException e) {
    String at = location(e.getLocation());
    String syntax = snakeYamlProblem(e);
    if (syntax != null || !(e instanceof JsonMappingException)) {
      return "not valid YAML" + at + (syntax == null ? "" : ": " + syntax);
    }
    if (e instanceof UnrecognizedPropertyException) {
      return "unknown key" + at + " (known: operators, revoked, tenants)";
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return path(mismatch) + at + " must be " + shapeOf(mismatch.getTargetType());
    }
    return path((JsonMappingException) e) + at + " has the wrong shape";
  }

  private static String location(JsonLocation location) {
    return location == null || location.getLineNr() < 1
        ? ""
        : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /** Section names and tenant names (names, not secrets); anything else is left out. */
  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      String field = ref.getFieldName();
      if (field != null && path.isEmpty() && SECTIONS.contains(field)) {
        path.append(field);
      } else if (field != null && path.toString().equals("tenants")) {
        path.append('.').append(field);
      } else if (field == null && ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? "the file" : path.toString();
  }

  private static String shapeOf(Class<?> type) {
    if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "a mapping";
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "a list of token hashes";
    }
    return type == String.class ? "a token hash" : "a " + type.getSimpleName();
  }

  /** SnakeYAML's problem sentence (e.g. "mapping values are not allowed here") without its excerpt. */
  private static @Nullable String snakeYamlProblem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked) {
        return marked.getProblem() == null ? "" : marked.getProblem().replaceAll("'.*'", "a character");
      }
    }
    return null;
  }
}
