package io.partita.ra.inbound;

import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;

import javax.transaction.xa.XAResource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Message endpoints as the container makes them: proxies implementing {@link MessageEndpoint} and the listener
 * interface, calling the one bean object (so a bean shared by several endpoints must be thread-safe).
 */
record BeanEndpoints(Object bean, Class<?> listener) implements MessageEndpointFactory {

    @Override
    public MessageEndpoint createEndpoint(XAResource transaction) {
        return (MessageEndpoint) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {MessageEndpoint.class, listener}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() != listener) return null;
                    try {
                        return method.invoke(bean, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource transaction, long timeout) {
        return createEndpoint(transaction);
    }

    @Override
    public boolean isDeliveryTransacted(Method method) {
        return false;
    }

    @Override
    public String getActivationName() {
        return bean.getClass().getSimpleName();
    }

    @Override
    public Class<?> getEndpointClass() {
        return bean.getClass();
    }
}
