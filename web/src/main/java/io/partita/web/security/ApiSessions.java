package io.partita.web.security;

import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API's login sessions: a user who logged in once with their password gets a random token that stands for them
 * until it is closed (logout), goes unused for {@link #IDLE}, or is {@link #LIFETIME} old. The console keeps it in the
 * browser's localStorage, so every tab shares one login and no tab keeps a password. Tokens live in this node's memory
 * only: a node answers the tokens it issued, and forgets them all when it stops. Thread-safe.
 */
@ApplicationScoped
public class ApiSessions {

    static final Duration IDLE = Duration.ofMinutes(30);
    static final Duration LIFETIME = Duration.ofHours(12);
    private static final int TOKEN_BYTES = 32;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> open = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    /** A session's user and times; {@code lastUsed} moves with each request. */
    private static final class Session {
        final String user;
        final Instant opened;
        volatile Instant lastUsed;

        Session(String user, Instant opened) {
            this.user = user;
            this.opened = opened;
            this.lastUsed = opened;
        }

        boolean endedAt(Instant now) {
            return now.isAfter(lastUsed.plus(IDLE)) || now.isAfter(opened.plus(LIFETIME));
        }
    }

    /** A new session of {@code user}, its token and when it ends at the latest. */
    SessionView open(String user, String role) {
        Instant now = clock.instant();
        open.values().removeIf(session -> session.endedAt(now));
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        open.put(token, new Session(user, now));
        return new SessionView(token, user, role, role.equals(Role.ADMIN_NAME), IDLE.toSeconds(),
                now.plus(LIFETIME).toString());
    }

    /** The user of an open session, which this use keeps open for another {@link #IDLE}. */
    Optional<String> user(String token) {
        Session session = open.get(token);
        if (session == null) return Optional.empty();
        Instant now = clock.instant();
        if (session.endedAt(now)) {
            open.remove(token, session);
            return Optional.empty();
        }
        session.lastUsed = now;
        return Optional.of(session.user);
    }

    void close(String token) {
        open.remove(token);
    }
}
