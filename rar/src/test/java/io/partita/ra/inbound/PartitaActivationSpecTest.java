package io.partita.ra.inbound;

import jakarta.resource.spi.InvalidPropertyException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class PartitaActivationSpecTest {

    private static PartitaActivationSpec spec(String topics, String groupId) {
        PartitaActivationSpec spec = new PartitaActivationSpec();
        spec.setTopics(topics);
        spec.setGroupId(groupId);
        return spec;
    }

    @Test
    void mapsPropertiesToKafkaConsumerConfigsWithCommitsLeftToTheAdapter() throws Exception {
        PartitaActivationSpec spec = spec(" orders, payments ,", "shop");
        spec.setAutoOffsetReset("earliest");
        spec.setMaxPollRecords(50);
        spec.setSessionTimeoutMs(6000);
        spec.setConsumerProperties("fetch.min.bytes=1024; enable.auto.commit=true");
        spec.validate();

        assertThat(spec.topicList()).containsExactly("orders", "payments");
        assertThat(spec.consumerConfig("127.0.0.1:9092"))
                .containsEntry("bootstrap.servers", "127.0.0.1:9092")
                .containsEntry("group.id", "shop")
                .containsEntry("auto.offset.reset", "earliest")
                .containsEntry("max.poll.records", 50)
                .containsEntry("session.timeout.ms", 6000)
                .containsEntry("heartbeat.interval.ms", 2000)
                .containsEntry("fetch.min.bytes", "1024")
                .containsEntry("enable.auto.commit", false);
    }

    @Test
    void leavesUnsetConsumerConfigsToKafkasDefaults() throws Exception {
        PartitaActivationSpec spec = spec("orders", "shop");
        spec.validate();

        assertThat(spec.consumerConfig("h:1").keySet())
                .containsExactlyInAnyOrder("bootstrap.servers", "group.id", "enable.auto.commit");
        assertThat(List.of(spec.getConcurrency(), spec.getRetryAttempts())).containsExactly(1, 3);
    }

    @Test
    void theStallLimitIsMaxStallMsElseTheConsumersMaxPollIntervalAndMustBePositive() throws Exception {
        PartitaActivationSpec explicit = spec("orders", "shop");
        explicit.setMaxStallMs(3000L);
        explicit.setMaxPollIntervalMs(600_000);
        PartitaActivationSpec byPollInterval = spec("orders", "shop");
        byPollInterval.setMaxPollIntervalMs(600_000);
        PartitaActivationSpec byConsumerProperties = spec("orders", "shop");
        byConsumerProperties.setConsumerProperties("max.poll.interval.ms=120000");
        PartitaActivationSpec notANumber = spec("orders", "shop");
        notANumber.setConsumerProperties("max.poll.interval.ms=soon");
        PartitaActivationSpec zero = spec("orders", "shop");
        zero.setMaxStallMs(0L);

        assertThat(List.of(explicit.stallLimitMs(), byPollInterval.stallLimitMs(), byConsumerProperties.stallLimitMs(),
                spec("orders", "shop").stallLimitMs())).containsExactly(3000L, 600_000L, 120_000L, 300_000L);
        assertThatThrownBy(notANumber::stallLimitMs).isInstanceOf(InvalidPropertyException.class)
                .hasMessageContaining("max.poll.interval.ms is no number: soon");
        assertThatThrownBy(zero::validate).isInstanceOf(InvalidPropertyException.class)
                .hasMessageContaining("maxStallMs must be >= 1");
    }

    @Test
    void aTransactionalActivationReadsOnlyCommittedRecordsUnlessToldOtherwise() throws Exception {
        PartitaActivationSpec transactional = spec("orders", "shop");
        transactional.setTransactional(true);
        transactional.validate();
        PartitaActivationSpec overridden = spec("orders", "shop");
        overridden.setTransactional(true);
        overridden.setConsumerProperties("isolation.level=read_uncommitted");

        assertThat(transactional.consumerConfig("h:1")).containsEntry("isolation.level", "read_committed");
        assertThat(overridden.consumerConfig("h:1")).containsEntry("isolation.level", "read_uncommitted");
        assertThat(spec("orders", "shop").getTransactional()).isFalse();
    }

    @Test
    void refusesIncompleteOrContradictorySettings() throws Exception {
        PartitaActivationSpec both = spec("a", "g");
        both.setTopicPattern("a.*");
        assertThatThrownBy(both::validate).isInstanceOf(InvalidPropertyException.class)
                .hasMessage("Set only one of topics and topicPattern");
        PartitaActivationSpec neither = spec(null, "g");
        neither.validate(); // a routed bean's choice: its activation refuses it for other beans (RoutedActivationTest)
        assertThat(neither.namesTopics()).isFalse();
        assertThatThrownBy(() -> spec("a", " ").validate()).hasMessageContaining("groupId");
        PartitaActivationSpec badPattern = spec(null, "g");
        badPattern.setTopicPattern("(");
        assertThatThrownBy(badPattern::validate).hasMessageContaining("regular expression");
        PartitaActivationSpec badReset = spec("a", "g");
        badReset.setAutoOffsetReset("beginning");
        assertThatThrownBy(badReset::validate).hasMessageContaining("autoOffsetReset");
        PartitaActivationSpec noConsumers = spec("a", "g");
        noConsumers.setConcurrency(0);
        assertThatThrownBy(noConsumers::validate).hasMessageContaining("concurrency");
        PartitaActivationSpec badPairs = spec("a", "g");
        badPairs.setConsumerProperties("fetch.min.bytes");
        assertThatThrownBy(badPairs::validate).hasMessageContaining("not name=value");
    }

    @Test
    void orderingIsPartitionByDefaultAndRefusedWhenUnknownOrTransactional() throws Exception {
        PartitaActivationSpec spec = spec("orders", "shop");
        spec.validate();
        assertThat(spec.ordering()).isEqualTo(Ordering.PARTITION);
        spec.setOrdering(" Key ");
        spec.validate();
        assertThat(spec.ordering()).isEqualTo(Ordering.KEY);

        spec.setOrdering("keys");
        assertThatThrownBy(spec::validate).isInstanceOf(InvalidPropertyException.class)
                .hasMessage("ordering must be one of [partition, key, none], was keys");
        spec.setOrdering("none");
        spec.setTransactional(true);
        assertThatThrownBy(spec::validate).isInstanceOf(InvalidPropertyException.class)
                .hasMessageContaining("transactional=true needs ordering=partition");
    }

    @Test
    void retryTopicsAreSubscribedToWithTheirSourcesAndNotRetryableNamesClasses() throws Exception {
        PartitaActivationSpec spec = spec("orders,payments", "shop");
        spec.setRetryTopics("1s, 10s");
        spec.setNotRetryable(" com.example.CardDeclined , java.lang.IllegalArgumentException,com.example.Order$Invalid");
        spec.setDeadLetterTopic("shop.dlt");
        spec.validate();

        assertThat(spec.subscription()).containsExactly("orders", "payments", "orders.retry-1s", "orders.retry-10s",
                "payments.retry-1s", "payments.retry-10s");
        assertThat(spec.notRetryableClasses()).containsExactly("com.example.CardDeclined",
                "java.lang.IllegalArgumentException", "com.example.Order$Invalid");
        assertThat(spec("orders", "shop").subscription()).containsExactly("orders");
        assertThat(spec("orders", "shop").retryTopics().stages()).isZero();
    }

    @Test
    void refusesABadScheduleAClassNameThatIsNoneAndSettingsThatCannotWorkTogether() {
        PartitaActivationSpec badDelay = spec("orders", "shop");
        badDelay.setRetryTopics("1s,10sec");
        assertThatThrownBy(badDelay::validate).isInstanceOf(InvalidPropertyException.class)
                .hasMessageStartingWith("retryTopics: '10sec' is no delay");
        PartitaActivationSpec byPattern = spec(null, "shop");
        byPattern.setTopicPattern("orders.*");
        byPattern.setRetryTopics("1s");
        assertThatThrownBy(byPattern::validate).isInstanceOf(InvalidPropertyException.class)
                .hasMessageStartingWith("retryTopics needs topics, not topicPattern");
        PartitaActivationSpec badClass = spec("orders", "shop");
        badClass.setDeadLetterTopic("shop.dlt");
        badClass.setNotRetryable("com.example.Card Declined");
        assertThatThrownBy(badClass::validate).isInstanceOf(InvalidPropertyException.class)
                .hasMessage("notRetryable: 'com.example.Card Declined' is no class name");
        PartitaActivationSpec nowhere = spec("orders", "shop");
        nowhere.setNotRetryable("java.lang.IllegalArgumentException");
        assertThatThrownBy(nowhere::validate).isInstanceOf(InvalidPropertyException.class)
                .hasMessageStartingWith("notRetryable needs a deadLetterTopic");
    }

    @Test
    void credentialsBecomeTheConsumersSaslConfigsAndAreValidated() throws Exception {
        PartitaActivationSpec spec = spec("orders", "shop");
        spec.setSecurityProtocol("SASL_SSL");
        spec.setUserName("orders-app");
        spec.setPassword("s3cret");
        spec.setSslTruststoreLocation("/etc/partita/trust.p12");
        spec.validate();

        assertThat(spec.consumerConfig("127.0.0.1:9092"))
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("ssl.truststore.location", "/etc/partita/trust.p12")
                .containsKey("sasl.jaas.config");
        assertThat(spec.toString()).doesNotContain("s3cret");

        spec.setSecurityProtocol("PLAINTEXT");
        assertThatThrownBy(spec::validate).isInstanceOf(InvalidPropertyException.class)
                .hasMessageContaining("userName needs securityProtocol SASL_PLAINTEXT or SASL_SSL");
    }

    @Test
    void aShareGroupTakesTheGroupIdsPlaceAndItsConsumersAcknowledgeExplicitly() throws Exception {
        PartitaActivationSpec spec = spec("orders", null);
        spec.setShareGroup(" queue ");
        spec.setMaxPollRecords(20);
        spec.validate();

        assertThat(spec.isShared()).isTrue();
        assertThat(spec.groupName()).isEqualTo("queue");
        assertThat(spec.consumerConfig("h:1")).containsOnly(entry("bootstrap.servers", "h:1"), entry("group.id", "queue"),
                entry("max.poll.records", 20), entry("share.acknowledgement.mode", "explicit"),
                entry("share.acquire.mode", "record_limit"));
        assertThat(spec.toString()).startsWith("shareGroup=queue, topics=orders").doesNotContain("retryAttempts");
    }

    @Test
    void aShareBeansConsumerAcquiresAFewRecordsAtATimeSoThatThePoolSharesThem() throws Exception {
        PartitaActivationSpec spec = spec("orders", null);
        spec.setShareGroup("queue");
        spec.validate();

        assertThat(spec.consumerConfig("h:1")).contains(entry("max.poll.records", 10),
                entry("share.acquire.mode", "record_limit"));
    }

    @Test
    void aShareGroupRefusesAGroupIdBesideItAndEverySettingItHasNoUseFor() {
        PartitaActivationSpec both = spec("orders", "shop");
        both.setShareGroup("queue");
        assertThatThrownBy(both::validate).isInstanceOf(InvalidPropertyException.class)
                .hasMessageStartingWith("Set exactly one of groupId (a consumer group) and shareGroup");
        assertThatThrownBy(() -> spec("orders", null).validate())
                .hasMessageStartingWith("Set exactly one of groupId (a consumer group) and shareGroup");

        Map<String, java.util.function.Consumer<PartitaActivationSpec>> refused = Map.of(
                "shareGroup needs topics", s -> {
                    s.setTopics(null);
                    s.setTopicPattern("orders.*");
                },
                "autoOffsetReset does not apply to a shareGroup", s -> s.setAutoOffsetReset("earliest"),
                "sessionTimeoutMs does not apply to a shareGroup", s -> s.setSessionTimeoutMs(6000),
                "ordering does not apply to a shareGroup", s -> s.setOrdering("key"),
                "retryTopics does not apply to a shareGroup", s -> s.setRetryTopics("1s"),
                "transactional=true does not apply to a shareGroup", s -> s.setTransactional(true));
        refused.forEach((message, setting) -> {
            PartitaActivationSpec spec = spec("orders", null);
            spec.setShareGroup("queue");
            setting.accept(spec);
            assertThatThrownBy(spec::validate).as(message).isInstanceOf(InvalidPropertyException.class)
                    .hasMessageStartingWith(message);
        });
    }
}
