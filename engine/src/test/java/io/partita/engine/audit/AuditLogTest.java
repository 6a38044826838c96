package io.partita.engine.audit;

import io.partita.engine.it.CapturedLog;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit line's form: fixed keys first, one line whatever the values hold, secrets masked. */
class AuditLogTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T22:41:07.311Z"), ZoneOffset.UTC);

    @Test
    void aLineHasTheFixedKeysThenTheDetailsAndQuotesWhatWouldSplitIt() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("message", "two words and a \"quote\"\nand a second line");
        details.put("set.path", "c\\d");
        details.put("empty", "");
        details.put("removed", null);
        try (CapturedLog log = CapturedLog.of(AuditLog.LOGGER_NAME)) {
            new AuditLog(CLOCK).record(new AuditLog.Actor("kafka", "User:alice", "10.0.0.7", null),
                    "CreateTopics", "group:a b", "INVALID_CONFIG", details);

            assertThat(log.lines()).singleElement().extracting(CapturedLog.Line::message).isEqualTo(
                    "time=2026-12-05T22:41:07.311Z via=kafka principal=User:alice source=10.0.0.7 client=- "
                            + "action=CreateTopics resource=\"group:a b\" outcome=INVALID_CONFIG "
                            + "message=\"two words and a \\\"quote\\\"\\nand a second line\" set.path=\"c\\\\d\" "
                            + "empty=\"\" removed=-");
        }
    }

    @Test
    void passwordTypedConfigsAreMaskedAlsoUnderAListenerPrefix() {
        assertThat(SensitiveConfigs.shown("ssl.keystore.password", "s3cret")).isEqualTo(SensitiveConfigs.MASK);
        assertThat(SensitiveConfigs.shown("listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config", "x")).isEqualTo(SensitiveConfigs.MASK);
        assertThat(SensitiveConfigs.shown("ssl.keystore.key", "-----BEGIN")).isEqualTo(SensitiveConfigs.MASK);
        assertThat(SensitiveConfigs.shown("my.client.secret", "x")).isEqualTo(SensitiveConfigs.MASK);
        assertThat(SensitiveConfigs.shown("retention.ms", "1000")).isEqualTo("1000");
        assertThat(SensitiveConfigs.shown("ssl.keystore.location", "/etc/ks.p12")).isEqualTo("/etc/ks.p12");
        assertThat(SensitiveConfigs.shown("ssl.keystore.password", null)).as("a removal shows no value").isNull();
    }
}
