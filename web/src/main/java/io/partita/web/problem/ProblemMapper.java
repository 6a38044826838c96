package io.partita.web.problem;

import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers every failure of the API as {@code application/problem+json}: refusals of our own ({@link ApiProblem}),
 * bodies that do not parse (400), JAX-RS's (404 of an unknown path, 405, 415 ...), errors the node answered (with their Kafka error code) and, as
 * 500, anything else (logged). Stateless.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(Throwable failure) {
        if (failure instanceof ApiProblem problem) {
            return answer(problem.status().getStatusCode(), problem.getMessage(), null);
        }
        if (failure instanceof ProcessingException || failure instanceof JsonbException) {
            return answer(Response.Status.BAD_REQUEST.getStatusCode(), "The body is not what this request takes: "
                    + failure.getMessage(), null);
        }
        if (failure instanceof WebApplicationException web) {
            return answer(web.getResponse().getStatus(), web.getMessage(), null);
        }
        if (failure instanceof ApiException kafka) {
            Errors error = Errors.forException(kafka);
            return answer(KafkaErrorStatus.of(error), kafka.getMessage(), error);
        }
        if (failure instanceof KafkaException kafka) {
            // Client-side failures (e.g. a record the producer refuses) carry no error code of the node.
            return answer(Response.Status.BAD_REQUEST.getStatusCode(), kafka.getMessage(), null);
        }
        LOG.log(Level.WARNING, "API request failed: " + path(), failure);
        return answer(500, failure.toString(), null);
    }

    private Response answer(int status, String detail, Errors error) {
        Response.StatusType type = Response.Status.fromStatusCode(status);
        Problem problem = new Problem("about:blank", type == null ? "HTTP " + status : type.getReasonPhrase(),
                status, detail, path(),
                error == null ? null : (int) error.code(), error == null ? null : error.name());
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private String path() {
        return uri == null ? null : uri.getRequestUri().getPath();
    }
}
