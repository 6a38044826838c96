package io.partita.engine.protocol;

import org.apache.kafka.common.network.ClientInformation;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.network.Send;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The codec boundary between Kafka's wire format and Partita: turns a request frame (without its size prefix)
 * into kafka-clients' parsed request and a response into a {@link Send} (with its size prefix).
 *
 * <p>kafka-clients' generated message classes are used inside the {@code protocol} package only; the rest of the
 * engine sees records ({@code record.internal}) and its own types. Stateless and thread-safe.
 */
final class RequestCodec {

    private RequestCodec() {
    }

    /** A parsed request together with what identifies its sender. */
    record ParsedRequest(RequestContext context, AbstractRequest body) {
    }

    /**
     * Parses a frame. The request may keep views into {@code frame} (Produce records do), so the frame must stay
     * untouched until the request is answered. The context built here is the one place a request's principal,
     * listener and security protocol are set: whatever authorizes requests reads them from it.
     *
     * @param principal who the connection authenticated as (ANONYMOUS without authentication)
     * @param listener  the listener the request came in on
     * @param protocol  that listener's security protocol
     * @throws org.apache.kafka.common.errors.InvalidRequestException on anything malformed or unsupported
     */
    static ParsedRequest parse(ByteBuffer frame, String connectionId, InetSocketAddress client, KafkaPrincipal principal,
                               ListenerName listener, SecurityProtocol protocol) {
        RequestHeader header = RequestHeader.parse(frame);
        RequestContext context = new RequestContext(header, connectionId, client.getAddress(), principal,
                listener, protocol, ClientInformation.EMPTY, false);
        return new ParsedRequest(context, context.parseRequest(frame).request);
    }

    static Send encode(RequestContext context, AbstractResponse response) {
        return context.buildResponseSend(response);
    }
}
