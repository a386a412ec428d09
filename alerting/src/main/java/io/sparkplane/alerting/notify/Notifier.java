package io.sparkplane.alerting.notify;

/**
 * Sends notifications to one receiver. Called on the notifier's own delivery thread, wrapped in
 * its rate limit and retries ({@link DeliverySettings}); implementations just send once.
 *
 * <pre>{@code
 * Notifier notifier = NotifierBuilders.build(new WebhookConfig(null, URI.create("http://hooks/x"), null, null, null));
 * notifier.send(notification);
 * }</pre>
 */
public interface Notifier extends AutoCloseable {

  /**
   * Sends one notification.
   *
   * @throws NotifierException if it was not accepted; {@link NotifierException#retryable()} says
   *     whether another attempt may succeed
   */
  void send(Notification notification);

  @Override
  default void close() {}
}
