package io.partita.web.security;

import java.util.Locale;
import java.util.Optional;

/** What a user may do: viewers read, admins also change. The names are the Jakarta Security groups and roles. */
public enum Role {
    ADMIN, VIEWER;

    public static final String ADMIN_NAME = "admin";
    public static final String VIEWER_NAME = "viewer";

    public String roleName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Role> named(String name) {
        for (Role role : values()) {
            if (role.roleName().equals(name.strip())) return Optional.of(role);
        }
        return Optional.empty();
    }
}
