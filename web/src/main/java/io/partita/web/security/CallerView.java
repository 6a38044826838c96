package io.partita.web.security;

/**
 * {@code GET /api/me}: who is logged in. Immutable.
 *
 * @param name     the user name
 * @param role     admin or viewer
 * @param canWrite whether the user may change things
 */
public record CallerView(String name, String role, boolean canWrite) {
}
