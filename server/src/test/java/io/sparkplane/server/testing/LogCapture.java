package io.sparkplane.server.testing;

import java.io.StringWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Captures everything the server logs (through Log4j 2, the server's SLF4J backend) while open, with
 * stack traces and the thread context, and {@code io.sparkplane} loggers lowered to DEBUG so that
 * our own debug lines are seen too.
 *
 * <pre>{@code
 * try (LogCapture logs = LogCapture.start()) {
 *   ... requests ...
 *   assertThat(logs.text()).doesNotContain(token);
 * }
 * }</pre>
 */
public final class LogCapture implements AutoCloseable {

  private static final String NAME = "test-capture";
  private static final String OURS = "io.sparkplane";

  private final StringWriter out = new StringWriter();
  private final LoggerContext context;
  private final WriterAppender appender;
  private final Level previousLevel;
  private final boolean addedOurs;

  private LogCapture() {
    context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    appender =
        WriterAppender.newBuilder()
            .setName(NAME)
            .setTarget(out)
            .setLayout(PatternLayout.newBuilder().withPattern("%p %c %X %m%n%throwable").withConfiguration(config).build())
            .build();
    appender.start();
    config.getRootLogger().addAppender(appender, Level.ALL, null);
    LoggerConfig ours = config.getLoggers().get(OURS);
    addedOurs = ours == null;
    if (addedOurs) {
      ours = new LoggerConfig(OURS, Level.DEBUG, true);
      config.addLogger(OURS, ours);
    }
    previousLevel = ours.getLevel();
    ours.setLevel(Level.DEBUG);
    for (LoggerConfig logger : config.getLoggers().values()) {
      if (!logger.isAdditive() && logger != config.getRootLogger()) {
        logger.addAppender(appender, Level.ALL, null);
      }
    }
    context.updateLoggers();
  }

  public static LogCapture start() {
    return new LogCapture();
  }

  /** Everything logged so far. */
  public synchronized String text() {
    return out.toString();
  }

  @Override
  public void close() {
    Configuration config = context.getConfiguration();
    for (LoggerConfig logger : config.getLoggers().values()) {
      logger.removeAppender(NAME);
    }
    config.getRootLogger().removeAppender(NAME);
    if (addedOurs) {
      config.removeLogger(OURS);
    } else {
      config.getLoggers().get(OURS).setLevel(previousLevel);
    }
    context.updateLoggers();
    appender.stop();
  }
}
