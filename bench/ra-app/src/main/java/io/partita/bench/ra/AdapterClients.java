package io.partita.bench.ra;

import java.util.function.Supplier;

/**
 * Creates kafka-clients objects (producers, consumers, admin clients) for this application. kafka-clients is the
 * resource adapter's; the classes it loads by name (serializers, partitioners, login modules) must come through the
 * adapter's loader, so the thread's context loader is that one while the client is built. Stateless.
 */
final class AdapterClients {

    private AdapterClients() {
    }

    static <T> T create(Supplier<T> client) {
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        thread.setContextClassLoader(org.apache.kafka.clients.producer.KafkaProducer.class.getClassLoader());
        try {
            return client.get();
        } finally {
            thread.setContextClassLoader(context);
        }
    }
}
