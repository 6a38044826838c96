package io.partita.engine.it;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.time.Duration;

/**
 * Hands tests the {@link TestClients} shared by the whole run, starting it on first use; JUnit closes it when the
 * run ends (it lives in the root context's store). An {@link Admin} parameter is a client of that broker for one
 * test: JUnit closes it when the test ends (constructors are resolved in the test method's context, so a test
 * class's constructor gets a fresh one per test). Thread-safe as JUnit's store is.
 */
public final class BrokerExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BrokerExtension.class);

    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestClients.class || type == Admin.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        TestClients broker = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedBroker.class, key -> SharedBroker.start(), SharedBroker.class)
                .broker();
        if (parameter.getParameter().getType() == TestClients.class) return broker;
        Admin admin = broker.admin();
        AutoCloseable closeAtTheEndOfTheTest = () -> admin.close(Duration.ofSeconds(5));
        context.getStore(NAMESPACE).put(admin, closeAtTheEndOfTheTest);
        return admin;
    }
}
