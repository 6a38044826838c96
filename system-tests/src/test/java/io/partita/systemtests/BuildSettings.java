package io.partita.systemtests;

/** The system properties the Maven build hands the tests (see this module's pom). Stateless. */
final class BuildSettings {

    private BuildSettings() {
    }

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set (run the tests with Maven)");
        }
        return value;
    }
}
