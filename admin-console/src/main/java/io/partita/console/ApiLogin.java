package io.partita.console;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * Checks the token of an API login session the one way this WAR can: by asking the admin API beside it
 * ({@code GET /api/me} on the port the request came in on), which opened the session. The console shares no class
 * with the API's WAR, and the API stays the only judge of who may log in. Thread-safe.
 */
final class ApiLogin {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private ApiLogin() {
    }

    /** Who a session's token logs in, and with what role ({@code admin} or {@code viewer}). */
    record Caller(String name, String role) {
    }

    /**
     * Who the token logs in when the API accepts it; empty when it refuses it (an unknown, closed or expired session).
     *
     * @throws IOException when the API cannot be asked or answers something else than yes or no
     */
    static Optional<Caller> callerOf(HttpServletRequest request, String token) throws IOException {
        HttpRequest me = HttpRequest.newBuilder(meUri(request)).timeout(TIMEOUT)
                .header("Accept", "application/json")
                .header("X-Requested-With", "partita-console")
                .header("Authorization", "Bearer " + token)
                .GET().build();
        HttpResponse<String> answer = send(me);
        if (answer.statusCode() == 401) return Optional.empty();
        if (answer.statusCode() != 200) throw new IOException("The API answered " + answer.statusCode() + ": " + answer.body());
        try (JsonReader json = Json.createReader(new StringReader(answer.body()))) {
            JsonObject caller = json.readObject();
            return Optional.of(new Caller(caller.getString("name"), caller.getString("role")));
        }
    }

    /**
     * Sends a GET, twice when the first fails on the connection: the client reuses kept-alive connections, and one
     * the server closed while idle (logins are rare) fails with "EOF reached while reading" before any answer.
     */
    private static HttpResponse<String> send(HttpRequest get) throws IOException {
        try {
            try {
                return HTTP.send(get, HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                throw e;
            } catch (IOException staleConnection) {
                return HTTP.send(get, HttpResponse.BodyHandlers.ofString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while asking the API", e);
        }
    }

    private static URI meUri(HttpServletRequest request) throws IOException {
        try {
            return new URI(request.getScheme(), null, request.getLocalAddr(), request.getLocalPort(), "/api/me", null, null);
        } catch (URISyntaxException e) {
            throw new IOException("No address of the API: " + e.getMessage(), e);
        }
    }
}
