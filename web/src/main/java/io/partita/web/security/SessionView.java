package io.partita.web.security;

/**
 * {@code POST /api/sessions}: a login session opened. Immutable.
 *
 * @param token          what the client sends as {@code Authorization: Bearer <token>} from now on
 * @param user           who logged in
 * @param role           admin or viewer
 * @param canWrite       whether the user may change things
 * @param idleSeconds    how long the session lasts unused
 * @param expiresAt      when it ends however much it is used (ISO-8601 UTC)
 */
public record SessionView(String token, String user, String role, boolean canWrite, long idleSeconds,
                          String expiresAt) {
}
