package io.partita.systemtests;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** HTTP calls to a node's admin API, as a given user or as nobody. Thread-safe. */
final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ApiClient(String base) {
        this.base = base;
    }

    /** What one call answered. */
    record Answer(int status, String contentType, String challenge, String cacheControl, String text) {

        JsonNode json() {
            try {
                return text.isEmpty() ? MissingNode.getInstance() : JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new AssertionError("Not JSON (" + status + "): " + text, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + text;
        }
    }

    /** A user's credentials (HTTP Basic), an API session's token (Bearer), or {@link #NOBODY}. */
    record Login(String user, String password, String token) {
        static final Login NOBODY = new Login(null, null);

        Login(String user, String password) {
            this(user, password, null);
        }

        static Login session(String token) {
            return new Login(null, null, token);
        }

        String authorization() {
            if (token != null) return "Bearer " + token;
            return user == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
    }

    Answer call(Login login, String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(60))
                    .header("Accept", path.startsWith("/api") ? "application/json" : "*/*");
            if (login.authorization() != null) request.header("Authorization", login.authorization());
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(
                        body instanceof String text ? text : JSON.writeValueAsString(body)));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("WWW-Authenticate").orElse(null),
                    response.headers().firstValue("Cache-Control").orElse(null), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Answer get(Login login, String path) {
        return call(login, "GET", path, null);
    }

    Answer post(Login login, String path, Object body) {
        return call(login, "POST", path, body);
    }

    Answer put(Login login, String path, Object body) {
        return call(login, "PUT", path, body);
    }

    Answer delete(Login login, String path) {
        return call(login, "DELETE", path, null);
    }
}
