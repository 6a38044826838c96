package io.partita.ra;

import java.util.function.Supplier;

/**
 * The Kafka transaction of the transacted message delivery running on this thread, if any. A connection of a
 * {@code LocalTransaction} factory that the container enlists during that delivery joins it (see
 * {@link ConnectionTransaction}), so what the bean sends commits or aborts together with the delivery's offsets.
 *
 * <p>The container calls a message-driven bean on the thread that delivers to it, so a thread-local binding
 * reaches the bean's connections. Stateless apart from that binding.
 */
public final class DeliveryTransactions {

    /** An action that may throw. */
    @FunctionalInterface
    public interface Action<E extends Exception> {
        void run() throws E;
    }

    private static final ThreadLocal<Supplier<KafkaTransaction>> BOUND = new ThreadLocal<>();

    private DeliveryTransactions() {
    }

    /**
     * Runs {@code delivery} with {@code open} bound to this thread.
     *
     * @param open the delivery's Kafka transaction while one is open, else null
     */
    public static <E extends Exception> void deliverWith(Supplier<KafkaTransaction> open, Action<E> delivery) throws E {
        BOUND.set(open);
        try {
            delivery.run();
        } finally {
            BOUND.remove();
        }
    }

    /** The open Kafka transaction of the delivery on this thread, or null when there is none. */
    static KafkaTransaction current() {
        Supplier<KafkaTransaction> open = BOUND.get();
        return open == null ? null : open.get();
    }
}
