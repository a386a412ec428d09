package io.sparkplane.alerting.notify;

/**
 * Makes a {@link Notifier} from its config; one per {@code type}, found by {@link NotifierBuilders}.
 */
public interface NotifierBuilder<C extends NotifierConfig> {

  /** The {@code type} name this builder serves. */
  String type();

  Class<C> configType();

  Notifier build(C config);
}
