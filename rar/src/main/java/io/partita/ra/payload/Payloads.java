package io.partita.ra.payload;

import io.partita.ra.AdapterClassLoader;
import io.partita.ra.ApplicationClasses;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.resource.spi.InvalidPropertyException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.Map;

/**
 * Builds the Kafka (de)serializers of typed payloads: a class named by a config property ({@code valueDeserializer},
 * {@code keySerializer} ...), instantiated through the application's class loader and configured with the
 * client's configs as Kafka configures its own; else the default form, JSON-B for all but {@code byte[]} and
 * {@code String}. Each call builds new instances, for one consumer or one connection factory. Stateless.
 */
public final class Payloads {

    private Payloads() {
    }

    /**
     * @param property  the activation property naming the class, for errors
     * @param className a {@code Deserializer} class, or null for the default form of {@code type}
     * @param type      what the listener declares; a type variable when it declares none
     * @param loader    the application's class loader
     * @throws InvalidPropertyException when the class cannot be had, or no class is named and {@code type} is unknown
     */
    public static Deserializer<?> deserializer(String property, String className, Type type, ClassLoader loader,
                                               Map<String, ?> configs, boolean isKey) throws InvalidPropertyException {
        Deserializer<?> deserializer;
        if (className != null) {
            deserializer = instantiate(property, className, Deserializer.class, loader);
        } else if (type instanceof TypeVariable<?> unknown) {
            throw new InvalidPropertyException("The bean does not say what its " + (isKey ? "keys" : "values")
                    + " are (type variable " + unknown.getName() + " of " + unknown.getGenericDeclaration()
                    + "): declare the type, e.g. TypedRecordListener<String, Order> or RecordContext<String>, or set "
                    + property);
        } else {
            deserializer = defaultDeserializer(type, loader);
        }
        deserializer.configure(configs, isKey);
        return deserializer;
    }

    /**
     * The default form of {@code type}, not yet configured: {@code byte[]} as it is, {@code String} as UTF-8 text,
     * any other type as a JSON-B document (JSON-B found through {@code loader}, the application's).
     */
    public static Deserializer<?> defaultDeserializer(Type type, ClassLoader loader) {
        if (type == byte[].class) return new ByteArrayDeserializer();
        if (type == String.class) return new StringDeserializer();
        return new JsonbDeserializer(jsonb(loader), type);
    }

    /**
     * @param property  the connection factory property naming the class, for errors
     * @param className a {@code Serializer} class, or null for {@link DefaultSerializer}'s forms
     * @param loader    the application's class loader
     * @throws InvalidPropertyException when the class cannot be had
     */
    @SuppressWarnings("unchecked")
    public static Serializer<Object> serializer(String property, String className, ClassLoader loader,
                                                Map<String, ?> configs, boolean isKey) throws InvalidPropertyException {
        Serializer<Object> serializer = className == null ? new DefaultSerializer(jsonb(loader))
                : instantiate(property, className, Serializer.class, loader);
        serializer.configure(configs, isKey);
        return serializer;
    }

    static void close(Jsonb jsonb) {
        try {
            jsonb.close();
        } catch (Exception e) {
            throw new KafkaException("Closing JSON-B failed", e);
        }
    }

    /** JSON-B finds its provider through the context loader: the application's, as in the application's own code. */
    private static Jsonb jsonb(ClassLoader loader) {
        return AdapterClassLoader.callWith(loader, JsonbBuilder::create);
    }

    private static <T> T instantiate(String property, String className, Class<T> kind, ClassLoader loader)
            throws InvalidPropertyException {
        Class<? extends T> named = ApplicationClasses.load(property, className, kind, loader);
        try {
            return kind.cast(named.getConstructor().newInstance());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new InvalidPropertyException(property + ": " + className + " cannot be instantiated with a public "
                    + "no-argument constructor: " + e, e);
        }
    }
}
