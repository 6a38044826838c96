package io.partita.ra.inbound;

import io.partita.ra.ApplicationClasses;
import jakarta.resource.spi.InvalidPropertyException;

import java.util.ArrayList;
import java.util.List;

/**
 * The exception classes of an activation's {@code notRetryable}: a failure that is an instance of one of them (the
 * class or a subclass) is not retried, in place or in a retry topic. Loaded once, at activation, through the bean's
 * class loader, since they are usually the application's own. Immutable.
 */
final class NotRetryableExceptions {

    static final NotRetryableExceptions NONE = new NotRetryableExceptions(List.of());

    private final List<Class<? extends Throwable>> classes;

    private NotRetryableExceptions(List<Class<? extends Throwable>> classes) {
        this.classes = List.copyOf(classes);
    }

    /** @throws InvalidPropertyException naming {@code notRetryable} when a class is not visible or no Throwable */
    static NotRetryableExceptions load(List<String> classNames, ClassLoader loader) throws InvalidPropertyException {
        List<Class<? extends Throwable>> classes = new ArrayList<>();
        for (String name : classNames) {
            classes.add(ApplicationClasses.load("notRetryable", name, Throwable.class, loader));
        }
        return new NotRetryableExceptions(classes);
    }

    boolean matches(Throwable failure) {
        return classes.stream().anyMatch(c -> c.isInstance(failure));
    }
}
