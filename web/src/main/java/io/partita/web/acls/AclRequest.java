package io.partita.web.acls;

import jakarta.ws.rs.QueryParam;

/**
 * An ACL's fields as a request gives them, named as in {@link AclView}: the body of {@code POST /api/acls}, the query
 * of {@code GET} (a filter: each field left out matches any) and {@code DELETE} (one ACL). For one ACL, pattern type,
 * host and permission default to {@code LITERAL}, {@code *} and {@code ALLOW}, as with {@code kafka-acls.sh --add}.
 * Mutable (JSON-B or JAX-RS fills it).
 */
public class AclRequest {
    @QueryParam("resourceType")
    public String resourceType;
    @QueryParam("resourceName")
    public String resourceName;
    @QueryParam("patternType")
    public String patternType;
    @QueryParam("principal")
    public String principal;
    @QueryParam("host")
    public String host;
    @QueryParam("operation")
    public String operation;
    @QueryParam("permission")
    public String permission;
}
