package io.partita.web.problem;

import jakarta.ws.rs.core.Response.Status;

/** A request the API refuses before asking the node: its HTTP status and why. */
public class ApiProblem extends RuntimeException {

    private final Status status;

    public ApiProblem(Status status, String detail) {
        super(detail);
        this.status = status;
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(Status.BAD_REQUEST, detail);
    }

    public Status status() {
        return status;
    }
}
