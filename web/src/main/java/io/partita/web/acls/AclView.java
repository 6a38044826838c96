package io.partita.web.acls;

import org.apache.kafka.common.acl.AclBinding;

/**
 * One ACL in {@code GET /api/acls}, in Kafka's terms (the names {@code kafka-acls.sh} prints). Immutable.
 *
 * @param resourceType {@code TOPIC}, {@code GROUP}, {@code CLUSTER}, {@code TRANSACTIONAL_ID}, {@code DELEGATION_TOKEN} or {@code USER}
 * @param resourceName the resource's name, or its prefix; {@code *} is every name
 * @param patternType  {@code LITERAL} or {@code PREFIXED}
 * @param principal    whom it is about, {@code User:alice} or {@code User:*}
 * @param host         the client address it applies to, {@code *} for all
 * @param operation    e.g. {@code READ}, {@code WRITE}, {@code ALTER}, {@code ALL}
 * @param permission   {@code ALLOW} or {@code DENY}
 */
public record AclView(String resourceType, String resourceName, String patternType, String principal, String host,
                      String operation, String permission) {

    static AclView of(AclBinding binding) {
        return new AclView(binding.pattern().resourceType().name(), binding.pattern().name(),
                binding.pattern().patternType().name(), binding.entry().principal(), binding.entry().host(),
                binding.entry().operation().name(), binding.entry().permissionType().name());
    }
}
