package io.partita.systemtests.securedapp;

import io.partita.ra.api.PartitaConnection;
import io.partita.ra.api.PartitaConnectionFactory;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /produce?as=alice|wrong-password&value=}: sends one order through that connection factory and waits for
 * it; answers {@code offset=N}, or {@code failed:} and the exception chain. {@code GET /shipments}: what the beans
 * were given, one value a line.
 */
@Path("")
@RequestScoped
public class SecuredResource {

    @Resource(lookup = SecuredApplication.ALICE_FACTORY)
    private PartitaConnectionFactory alice;

    @Resource(lookup = SecuredApplication.WRONG_PASSWORD_FACTORY)
    private PartitaConnectionFactory wrongPassword;

    @Inject
    private Shipments shipments;

    @POST
    @Path("produce")
    @Produces(MediaType.TEXT_PLAIN)
    public String produce(@QueryParam("as") String as, @QueryParam("value") String value) {
        PartitaConnectionFactory factory = "alice".equals(as) ? alice : wrongPassword;
        try (PartitaConnection connection = factory.getConnection()) {
            return "offset=" + connection.send(new ProducerRecord<>(SecuredApplication.ORDERS,
                    value.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS).offset();
        } catch (Exception e) {
            List<String> chain = new ArrayList<>();
            for (Throwable cause = e; cause != null; cause = cause.getCause()) chain.add(cause.toString());
            return "failed: " + String.join(" <- ", chain);
        }
    }

    @GET
    @Path("shipments")
    @Produces(MediaType.TEXT_PLAIN)
    public String shipments() {
        return String.join("\n", shipments.all());
    }
}
