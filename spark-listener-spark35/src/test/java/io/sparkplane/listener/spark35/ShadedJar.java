package io.sparkplane.listener.spark35;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The module's shaded jar, as built by the package phase. Failsafe passes its path in the
 * {@code sparkplane.shadedJar} system property.
 */
final class ShadedJar {

  static final String PROPERTY = "sparkplane.shadedJar";

  private ShadedJar() {}

  static Path path() {
    String path = System.getProperty(PROPERTY);
    if (path == null) {
      throw new IllegalStateException(
          "system property " + PROPERTY + " is not set: run with `mvn verify` (failsafe)");
    }
    Path jar = Path.of(path);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no shaded jar at " + jar + ": did the package phase run?");
    }
    return jar;
  }

  static List<String> entryNames(Path jar) {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A class loader that serves {@code io.sparkplane.*} from the shaded jar only, and everything else
   * (Spark, Scala, Spark's Jackson) from {@code parent}, as a Spark driver with the jar on
   * {@code --jars} would. Child-first for our packages so the unshaded classes that are also on the
   * test classpath cannot stand in for the shaded ones.
   */
  static URLClassLoader loader(Path jar, ClassLoader parent) {
    try {
      return new ChildFirst(new URL[] {jar.toUri().toURL()}, parent);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class ChildFirst extends URLClassLoader {

    static {
      registerAsParallelCapable();
    }

    ChildFirst(URL[] urls, ClassLoader parent) {
      super("sparkplane-shaded-jar", urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith("io.sparkplane.")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          c = findClass(name);
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }

    @Override
    public URL getResource(String name) {
      URL own = name.startsWith("io/sparkplane/") ? findResource(name) : null;
      return own != null ? own : super.getResource(name);
    }
  }
}
