package io.partita.web.security;

/**
 * One line of the users file. Immutable.
 *
 * @param name      the login name
 * @param role      what the user may do
 * @param password  the password as stored: a {@code Pbkdf2PasswordHash} encoding, or {@code plain:<text>}
 */
record User(String name, Role role, String password) {

    static final String PLAIN = "plain:";

    boolean plainPassword() {
        return password.startsWith(PLAIN);
    }
}
