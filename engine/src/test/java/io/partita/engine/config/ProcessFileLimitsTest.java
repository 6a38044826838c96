package io.partita.engine.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProcessFileLimitsTest {

    private static final Path MAX_MAP_COUNT = Path.of("/proc/sys/vm/max_map_count");

    @Test
    void aPartitionCostsTwoDescriptorsAndFourMappingsAfterAQuarterOfEachLimitIsSetAside() {
        // 20000 descriptors: 15000 spare, 7500 partitions; 65530 mappings (Linux's default): 49148 spare, 12287.
        assertThat(new ProcessFileLimits(20_000, 65_530).partitions()).isEqualTo(7_500);
        assertThat(new ProcessFileLimits(1_048_576, 65_530).partitions()).isEqualTo(12_287);
        // At least 1024 descriptors stay for connections and the JVM, however low the limit.
        assertThat(new ProcessFileLimits(4_096, 65_530).partitions()).isEqualTo(1_536);
        assertThat(new ProcessFileLimits(1_024, 65_530).partitions()).isEqualTo(1);
        assertThat(new ProcessFileLimits(Long.MAX_VALUE, Long.MAX_VALUE).partitions()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void thisProcessesLimitsAreTheKernelsAndSetTheDefaultOfMaxBrokerPartitions() throws Exception {
        assumeTrue(Files.isReadable(MAX_MAP_COUNT), "a Linux /proc");
        ProcessFileLimits limits = ProcessFileLimits.ofThisProcess();

        assertThat(limits.maxMapCount()).isEqualTo(Long.parseLong(Files.readAllLines(MAX_MAP_COUNT).get(0).trim()));
        assertThat(limits.maxFileDescriptors()).isPositive().isNotEqualTo(Long.MAX_VALUE);
        NodeConfig defaults = NodeConfig.fromProperties(Map.of());
        assertThat(defaults.maxBrokerPartitions()).isEqualTo(limits.partitions());
        assertThat(defaults.effectiveSettings()).containsEntry(NodeConfig.MAX_BROKER_PARTITIONS, Integer.toString(limits.partitions()));
        assertThat(defaults.with(NodeConfig.MAX_BROKER_PARTITIONS, 3).maxBrokerPartitions()).isEqualTo(3);
        assertThat(defaults.maxPartitionsPerRequest()).as("Kafka's fixed cap").isEqualTo(10_000);
    }
}
