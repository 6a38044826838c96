package io.partita.ra;

/**
 * Runs engine calls with the resource adapter's class loader as the thread's context class loader (and, where an
 * application's classes must be found, calls with that application's loader).
 *
 * <p>Calls arrive on application threads (EJB timers, HTTP requests) whose context loader is the application's;
 * kafka-clients and Netty resolve classes by name through the context loader and must find the adapter's copies.
 * Stateless.
 */
public final class AdapterClassLoader {

    /** A call that may throw a checked exception of type {@code E}. */
    @FunctionalInterface
    public interface Call<T, E extends Exception> {
        T call() throws E;
    }

    private static final ClassLoader LOADER = AdapterClassLoader.class.getClassLoader();

    private AdapterClassLoader() {
    }

    public static ClassLoader loader() {
        return LOADER;
    }

    public static <T, E extends Exception> T call(Call<T, E> call) throws E {
        return callWith(LOADER, call);
    }

    /** Runs {@code call} with {@code loader} as context loader: an application's, for what resolves its classes. */
    public static <T, E extends Exception> T callWith(ClassLoader loader, Call<T, E> call) throws E {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return call.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
