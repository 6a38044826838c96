package io.partita.web.users;

/**
 * The body of {@code PUT /api/users/{name}}: the user's new password for one SCRAM mechanism
 * ({@code SCRAM-SHA-512} unless {@link #mechanism} says {@code SCRAM-SHA-256}), salted and hashed with
 * {@link #iterations} (4096, Kafka's minimum and {@code kafka-configs.sh}'s default, unless given). Mutable (JSON-B
 * fills it).
 */
public class PasswordRequest {
    public String password;
    public String mechanism;
    public Integer iterations;
}
