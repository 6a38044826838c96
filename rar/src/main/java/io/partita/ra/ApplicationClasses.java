package io.partita.ra;

import jakarta.resource.spi.InvalidPropertyException;

/**
 * Loads the classes an application names in a config property (a deserializer, an exception class) through that
 * application's class loader, refusing a name that is no such class with an error naming the property. Stateless.
 */
public final class ApplicationClasses {

    private ApplicationClasses() {
    }

    /**
     * @param property the property naming the class, for errors
     * @param kind     what the class must be (or extend)
     * @throws InvalidPropertyException when the class is not visible to {@code loader} or is no {@code kind}
     */
    public static <T> Class<? extends T> load(String property, String className, Class<T> kind, ClassLoader loader)
            throws InvalidPropertyException {
        Class<?> named;
        try {
            named = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new InvalidPropertyException(property + ": no class " + className + " is visible to the application", e);
        }
        if (!kind.isAssignableFrom(named)) {
            throw new InvalidPropertyException(property + ": " + className + " is not a " + kind.getName());
        }
        return named.asSubclass(kind);
    }
}
