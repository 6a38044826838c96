package io.partita.web.acls;

import io.partita.web.problem.ApiProblem;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the fields of an ACL or an ACL filter from their names (any case), refusing with 400 what Kafka does not
 * name, or what the use does not take ({@code ANY} and {@code MATCH} only filter). Stateless.
 */
final class AclFields {

    /** What only a filter may ask for. */
    private static final Set<String> FILTER_ONLY = Set.of("ANY", "MATCH");

    private final boolean filter;

    private AclFields(boolean filter) {
        this.filter = filter;
    }

    /** For an ACL to create or remove: every field names one thing. */
    static AclFields exact() {
        return new AclFields(false);
    }

    /** For a filter: {@code ANY} (and for pattern types {@code MATCH}) are allowed. */
    static AclFields filter() {
        return new AclFields(true);
    }

    ResourceType resourceType(String name, ResourceType absent) {
        return parse("resourceType", name, ResourceType.class, absent);
    }

    PatternType patternType(String name, PatternType absent) {
        return parse("patternType", name, PatternType.class, absent);
    }

    AclOperation operation(String name, AclOperation absent) {
        return parse("operation", name, AclOperation.class, absent);
    }

    AclPermissionType permission(String name, AclPermissionType absent) {
        return parse("permission", name, AclPermissionType.class, absent);
    }

    /** {@code value} as one of {@code type}'s constants, {@code absent} when there is none (400 when none may be absent). */
    private <E extends Enum<E>> E parse(String field, String value, Class<E> type, E absent) {
        if (value == null || value.isBlank()) {
            if (absent == null) throw ApiProblem.badRequest("Give '" + field + "': " + names(type));
            return absent;
        }
        String name = value.strip().toUpperCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(name) && allowed(constant)) return constant;
        }
        throw ApiProblem.badRequest("'" + field + "' must be one of " + names(type) + ", was " + value);
    }

    private boolean allowed(Enum<?> constant) {
        return !constant.name().equals("UNKNOWN") && (filter || !FILTER_ONLY.contains(constant.name()));
    }

    private <E extends Enum<E>> String names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).filter(this::allowed).map(Enum::name)
                .collect(Collectors.joining(", "));
    }
}
