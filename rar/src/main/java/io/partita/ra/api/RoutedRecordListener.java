package io.partita.ra.api;

/**
 * The message listener interface of a message-driven bean whose records go to its {@link OnRecord} methods: one
 * bean can take several topics, each on its own method, and several record types on one topic, each on the method
 * taking that type. It has no methods: the container exposes every public method of the bean (EJB 3.2's no-methods
 * listener interface) and the adapter calls the one a record is routed to.
 *
 * <pre>{@code
 * @MessageDriven(messageListenerInterface = RoutedRecordListener.class, activationConfig = {
 *         @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "partita-rar"),
 *         @ActivationConfigProperty(propertyName = "groupId", propertyValue = "shipping")})
 * public class Shipping implements RoutedRecordListener {
 *     @OnRecord(topics = "orders")
 *     public void order(Order order, RecordContext<String> context) { ... }
 *
 *     @OnRecord(topics = "returns")
 *     public void returned(Return returned) { ... }
 * }
 * }</pre>
 *
 * <p>Without the {@code topics} or {@code topicPattern} activation property the bean subscribes to its methods'
 * topics. The methods, their parameters and which method takes which records are checked when the bean is
 * activated: a bean whose routing is ambiguous or incomplete is not activated. Delivery, retries, dead letters and
 * transactions are those of {@link RecordListener} and {@link TypedRecordListener}, per method.
 */
public interface RoutedRecordListener {
}
