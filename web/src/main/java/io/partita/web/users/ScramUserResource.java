package io.partita.web.users;

import io.partita.web.kafka.Futures;
import io.partita.web.kafka.NodeClients;
import io.partita.web.problem.ApiProblem;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Comparator;
import java.util.List;

/**
 * {@code /api/users}: the users with SCRAM credentials in the cluster metadata, as {@code kafka-configs.sh
 * --entity-type users} manages them (DescribeUserScramCredentials, AlterUserScramCredentials). The users of the
 * users file are the file's business.
 */
@Path("users")
@RequestScoped
@Tag(name = "security")
@Produces(MediaType.APPLICATION_JSON)
public class ScramUserResource {

    /** Kafka's minimum, and what {@code kafka-configs.sh} salts with unless told. */
    static final int DEFAULT_ITERATIONS = 4096;

    @Inject
    NodeClients clients;

    @GET
    @Operation(summary = "Every user with SCRAM credentials: mechanisms and iterations (never a password)")
    public List<ScramUserView> list() {
        return Futures.get(clients.admin().describeUserScramCredentials().all()).values().stream()
                .map(ScramUserResource::view)
                .sorted(Comparator.comparing(ScramUserView::name))
                .toList();
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create the user or set their password for one mechanism (admin)")
    public Response setPassword(@PathParam("name") String name, PasswordRequest request) {
        if (request == null || request.password == null || request.password.isEmpty()) {
            throw ApiProblem.badRequest("Give the user's new 'password'");
        }
        ScramMechanism mechanism = mechanism(request.mechanism == null ? ScramMechanism.SCRAM_SHA_512.mechanismName() : request.mechanism);
        int iterations = request.iterations == null ? DEFAULT_ITERATIONS : request.iterations;
        alter(new UserScramCredentialUpsertion(name, new ScramCredentialInfo(mechanism, iterations), request.password));
        return Response.noContent().build();
    }

    @DELETE
    @Path("{name}")
    @Operation(summary = "Delete the user's credential for one mechanism, or all of them (admin)")
    public Response delete(@PathParam("name") String name, @QueryParam("mechanism") String mechanism) {
        if (mechanism != null) {
            alter(new UserScramCredentialDeletion(name, mechanism(mechanism)));
        } else {
            UserScramCredentialsDescription user = Futures.get(clients.admin().describeUserScramCredentials(List.of(name)).description(name));
            alter(user.credentialInfos().stream()
                    .map(credential -> (UserScramCredentialAlteration) new UserScramCredentialDeletion(name, credential.mechanism()))
                    .toArray(UserScramCredentialAlteration[]::new));
        }
        return Response.noContent().build();
    }

    private void alter(UserScramCredentialAlteration... alterations) {
        Futures.get(clients.admin().alterUserScramCredentials(List.of(alterations)).all());
    }

    private static ScramMechanism mechanism(String name) {
        ScramMechanism mechanism = ScramMechanism.fromMechanismName(name);
        if (mechanism == ScramMechanism.UNKNOWN) {
            throw ApiProblem.badRequest("Unknown mechanism " + name + ": SCRAM-SHA-256 or SCRAM-SHA-512");
        }
        return mechanism;
    }

    private static ScramUserView view(UserScramCredentialsDescription user) {
        return new ScramUserView(user.name(), user.credentialInfos().stream()
                .map(credential -> new ScramUserView.Credential(credential.mechanism().mechanismName(), credential.iterations()))
                .sorted(Comparator.comparing(ScramUserView.Credential::mechanism))
                .toList());
    }
}
