package io.partita.ra.api;

/**
 * The W3C Trace Context headers (https://www.w3.org/TR/trace-context/) records carry from send to delivery. Every
 * record sent through a {@link PartitaConnection} without a {@link #TRACEPARENT} gets one: inside a delivery of a
 * single record to a message-driven bean it continues that record's trace (same trace-id, a new parent-id, its
 * flags, and its {@link #TRACESTATE} unless the record has its own), otherwise it starts a new trace (random ids,
 * flags {@code 01}). Values are ASCII text, as in HTTP.
 */
public final class TraceHeaders {

    /** {@code version-traceid-parentid-flags}, e.g. {@code 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}. */
    public static final String TRACEPARENT = "traceparent";
    /** Vendor-specific trace data, passed on unchanged. */
    public static final String TRACESTATE = "tracestate";

    private TraceHeaders() {
    }
}
