package io.partita.ra.inbound;

import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;

import javax.transaction.xa.XAResource;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The container's side of an activation, for tests: the bean class, how endpoints are made, and which listener
 * methods (by name) the container would call in a transaction of its own. Named after the bean.
 *
 * @param bean       the bean class
 * @param endpoints  makes an endpoint per {@code createEndpoint}, as the container lends a bean instance per endpoint
 * @param transacted names of the methods whose delivery is transacted
 */
record TestEndpoints(Class<?> bean, Supplier<MessageEndpoint> endpoints, Set<String> transacted)
        implements MessageEndpointFactory {

    /**
     * Endpoints as the container makes them for a bean implementing {@code listener}: proxies implementing
     * {@link MessageEndpoint} and the listener interface, calling the bean (its exceptions reach the caller wrapped, as
     * the container's do), never transacted.
     */
    static TestEndpoints proxying(Object bean, Class<?> listener) {
        return new TestEndpoints(bean.getClass(), () -> (MessageEndpoint) Proxy.newProxyInstance(
                TestEndpoints.class.getClassLoader(), new Class<?>[] {MessageEndpoint.class, listener},
                (proxy, method, args) -> method.getDeclaringClass() == listener ? method.invoke(bean, args) : null),
                Set.of());
    }

    /** For activations refused before any endpoint is made. */
    static TestEndpoints refusing(Class<?> bean, Set<String> transacted) {
        return new TestEndpoints(bean, () -> {
            throw new AssertionError("no endpoint is made");
        }, transacted);
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource transaction) {
        return endpoints.get();
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource transaction, long timeout) {
        return endpoints.get();
    }

    @Override
    public boolean isDeliveryTransacted(Method method) {
        return transacted.contains(method.getName());
    }

    @Override
    public String getActivationName() {
        return bean.getSimpleName();
    }

    @Override
    public Class<?> getEndpointClass() {
        return bean;
    }
}
