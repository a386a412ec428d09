package io.sparkplane.collector.testing;

import static org.quicktheories.QuickTheory.qt;

import java.util.concurrent.atomic.AtomicLong;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * Runs the properties of one fuzzed input surface ({@code *FuzzTest}, {@code *FuzzIT}) the same way
 * in every module: cases come from a fixed seed, so a red build names a case anyone can replay
 * ({@code -Dsparkplane.fuzz.seed=N} explores other inputs); each property tries the test's default
 * number of cases, or {@code -Dsparkplane.fuzz.examples=N} for a long run; and each property that
 * passes prints {@code fuzz <surface> / <property>: N cases}, the figures docs/reliability.md quotes.
 *
 * <pre>{@code
 * private static final Fuzz FUZZ = Fuzz.surface("tenants.yaml", 400);
 *
 * FUZZ.check("arbitrary bytes", byteArrays(...), bytes -> assertLoadsOrRefuses(bytes));
 * }</pre>
 */
public final class Fuzz {

  private static final long SEED = Long.getLong("sparkplane.fuzz.seed", 20261125L);

  private final String surface;
  private final int examples;
  private final int shrinkCycles;

  private Fuzz(String surface, int examples, int shrinkCycles) {
    this.surface = surface;
    this.examples = examples;
    this.shrinkCycles = shrinkCycles;
  }

  /** A surface whose properties try {@code defaultExamples} cases unless the build asks for more. */
  public static Fuzz surface(String surface, int defaultExamples) {
    return new Fuzz(surface, Integer.getInteger("sparkplane.fuzz.examples", defaultExamples), 50);
  }

  /** Exactly {@code examples} cases per property, for one too costly to scale with a long run. */
  public Fuzz withExamples(int examples) {
    return new Fuzz(surface, examples, shrinkCycles);
  }

  /** Fewer shrink steps after a failure, for a property whose every case is slow. */
  public Fuzz withShrinkCycles(int shrinkCycles) {
    return new Fuzz(surface, examples, shrinkCycles);
  }

  public <A> void check(String property, Gen<A> a, Case<A> check) {
    AtomicLong cases = new AtomicLong();
    theory().forAll(a).checkAssert(x -> run(property, cases, () -> check.run(x)));
    report(property, cases);
  }

  public <A, B> void check(String property, Gen<A> a, Gen<B> b, Case2<A, B> check) {
    AtomicLong cases = new AtomicLong();
    theory().forAll(a, b).checkAssert((x, y) -> run(property, cases, () -> check.run(x, y)));
    report(property, cases);
  }

  public <A, B, C> void check(String property, Gen<A> a, Gen<B> b, Gen<C> c, Case3<A, B, C> check) {
    AtomicLong cases = new AtomicLong();
    theory().forAll(a, b, c).checkAssert((x, y, z) -> run(property, cases, () -> check.run(x, y, z)));
    report(property, cases);
  }

  private QuickTheory theory() {
    return qt().withFixedSeed(SEED).withExamples(examples).withShrinkCycles(shrinkCycles);
  }

  /** Counts the case; an exception other than a failed assertion fails it too, naming the property. */
  private void run(String property, AtomicLong cases, Body body) {
    cases.incrementAndGet();
    try {
      body.run();
    } catch (Exception e) {
      throw new AssertionError(surface + " / " + property + ": " + e, e);
    }
  }

  private void report(String property, AtomicLong cases) {
    System.out.printf("fuzz %s / %s: %d cases%n", surface, property, cases.get());
  }

  /** One case of a property over one generated value. */
  @FunctionalInterface
  public interface Case<A> {
    void run(A a) throws Exception;
  }

  /** One case of a property over two generated values. */
  @FunctionalInterface
  public interface Case2<A, B> {
    void run(A a, B b) throws Exception;
  }

  /** One case of a property over three generated values. */
  @FunctionalInterface
  public interface Case3<A, B, C> {
    void run(A a, B b, C c) throws Exception;
  }

  private interface Body {
    void run() throws Exception;
  }
}
