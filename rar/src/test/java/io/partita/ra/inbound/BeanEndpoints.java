package io.partita.ra.inbound;

import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;

import javax.transaction.xa.XAResource;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Endpoints as the container makes them: proxies implementing {@link MessageEndpoint} and the bean's listener
 * interface, calling the bean (whose exceptions reach the caller wrapped, as the container's do), never transacted.
 */
record BeanEndpoints(Object bean, Class<?> listener) implements MessageEndpointFactory {

    @Override
    public MessageEndpoint createEndpoint(XAResource transaction) {
        return (MessageEndpoint) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {MessageEndpoint.class, listener}, (proxy, method, args) ->
                        method.getDeclaringClass() == listener ? method.invoke(bean, args) : null);
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
        return "orders-bean";
    }

    @Override
    public Class<?> getEndpointClass() {
        return bean.getClass();
    }
}
