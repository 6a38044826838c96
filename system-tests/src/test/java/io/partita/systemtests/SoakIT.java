package io.partita.systemtests;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The soak's short version (issue 13): {@code bench/run-soak.sh} as an operator runs it, for {@value #MINUTES}
 * minutes after a {@value #MEASURE_SECONDS} s throughput measurement, with a member joining or leaving every
 * {@value #CHURN_SECONDS} s and {@value #RETENTION_SECONDS} s of retention. It passes (exit code 0) only when no record is lost, the lag stays bounded, and the
 * node's RSS and open files are flat after the warm-up; its figures go to stdout. The full soak is the same script
 * with its defaults (30 minutes), see docs/benchmarks.md.
 */
class SoakIT {

    private static final String MINUTES = "1.5";
    private static final int MEASURE_SECONDS = 10;
    private static final int CHURN_SECONDS = 10;
    /** With the files of deleted segments closed 5 s later and a retention check every 10 s, the open files settle within the first third of the run. */
    private static final int RETENTION_SECONDS = 10;

    @Test
    void aShortSoakLosesNothingAndTheNodeStaysFlat() throws Exception {
        Path workDir = Files.createTempDirectory("partita-soak-");
        try {
            ToolRun run = Processes.run(List.of(BuildSettings.required("partita.soak.script"),
                            "--minutes", MINUTES, "--measure-seconds", Integer.toString(MEASURE_SECONDS),
                            "--churn-seconds", Integer.toString(CHURN_SECONDS),
                            "--retention-seconds", Integer.toString(RETENTION_SECONDS), "--work-dir", workDir.toString()),
                    "", Duration.ofMinutes(8), Map.of());
            System.out.print(run.stdout());
            assertThat(run.exitCode()).as("bench/run-soak.sh failed:%n%s", run).isZero();
            assertThat(run.stdout()).contains("soak: PASS");
        } finally {
            Directories.keepLog(workDir.resolve("node/partita.log"), "soak-node.log");
            Directories.keepLog(workDir.resolve("samples.csv"), "soak-samples.csv");
            Directories.deleteRecursively(workDir);
        }
    }
}
