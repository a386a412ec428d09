package io.sparkplane.collector.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the JVM's shared {@link ElasticsearchNode} before a test class (once for all classes; it
 * stops at JVM exit) and injects it into test and lifecycle method parameters.
 *
 * <pre>{@code
 * @ExtendWith(ElasticsearchExtension.class)
 * class MyIT {
 *   @Test void writes(ElasticsearchNode es) { ... es.url() ... }
 * }
 * }</pre>
 */
public final class ElasticsearchExtension implements BeforeAllCallback, ParameterResolver {

  @Override
  public void beforeAll(ExtensionContext context) {
    node();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
    return parameter.getParameter().getType() == ElasticsearchNode.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
    return node();
  }

  /** The shared node, (re)started if a test stopped it. */
  public static ElasticsearchNode node() {
    ElasticsearchNode node = ElasticsearchNode.shared();
    node.start();
    return node;
  }
}
