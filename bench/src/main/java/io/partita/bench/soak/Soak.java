package io.partita.bench.soak;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The soak (issue 13), run by {@code bench/run-soak.sh} against a node it started: measures the node's maximum rate
 * of acks=all records ({@link SequenceLoad#measureMaxRate}) unless {@code --rate} gives the load, then produces at
 * half of it (or at {@code --rate}) for {@code --minutes} while a {@link ChurningGroup} reads, two or three members at
 * a time, one joining or the oldest leaving every {@code --churn-seconds}; every {@code --sample-seconds} it samples the
 * node's RSS and open files ({@link ProcessGauges}) and the group's lag. At the end the load stops and the group
 * reads what is left. The soak topic keeps {@code --retention-seconds} of records (120) in 64 MiB segments: the disk
 * holds a few GB however long the run, and segments are rolled and deleted throughout (files a deletion failed to
 * close would show). A deleted segment's files stay open for {@code file.delete.delay.ms}, Kafka's 60 s or half the
 * retention when that is shorter, so the open files settle after the retention and that delay.
 *
 * <p>The checks: no send failed and no consumer erred; every acknowledged value was read (none lost); after the
 * warm-up (the first third of the run) the lag stayed under {@code --max-lag-seconds} of load, and it is 0 once the
 * group has read everything; RSS and open files are flat: the last third's average is at most {@code --flat-percent}
 * above the middle third's. Prints the figures and PASS or FAIL with the checks that failed; exit code 0 on PASS,
 * 1 on FAIL, 2 on bad arguments. Usage: {@code Soak --bootstrap host:port --pid PID [options]}, see {@link #USAGE}.
 */
public final class Soak {

    static final String USAGE = """
            Soak --bootstrap HOST:PORT --pid PID [--minutes M] [--rate R] [--measure-seconds S] [--partitions P]
                 [--record-bytes B] [--churn-seconds C] [--sample-seconds S] [--max-lag-seconds L] [--flat-percent F]
                 [--group-protocol classic|consumer] [--retention-seconds T] [--samples-csv FILE]
            defaults: --minutes 30 --measure-seconds 30 --partitions 6 --record-bytes 100 --churn-seconds 20
                      --sample-seconds 5 --max-lag-seconds 30 --flat-percent 10 --group-protocol classic
                      --retention-seconds 120""";

    private static final String TOPIC = "soak";
    private static final String MEASURE_TOPIC = "soak-measure";
    private static final int DRAIN_SECONDS = 120;
    /** 64 MiB: at the soak's rates segments roll every few seconds to a minute, and expired ones are deleted. */
    private static final String SEGMENT_BYTES = "67108864";

    /** One sample: seconds since the load began, then the node's RSS and open files, the lag, and the counts so far. */
    record Sample(double seconds, long rssKib, long openFiles, long lag, long acknowledged, long read, int members) {
    }

    private final Map<String, String> options;
    private final String bootstrap;
    private final ProcessGauges node;
    private final int partitions;
    private final int recordBytes;
    private final List<Sample> samples = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    private Soak(Map<String, String> options) {
        this.options = options;
        this.bootstrap = required("bootstrap");
        this.node = new ProcessGauges(Long.parseLong(required("pid")));
        this.partitions = Integer.parseInt(options.getOrDefault("partitions", "6"));
        this.recordBytes = Integer.parseInt(options.getOrDefault("record-bytes", "100"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 == args.length) usage("bad argument " + args[i]);
            options.put(args[i].substring(2), args[i + 1]);
        }
        Soak soak;
        try {
            soak = new Soak(options);
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
            return;
        }
        System.exit(soak.run() ? 0 : 1);
    }

    private static void usage(String problem) {
        System.err.println("soak: " + problem + "\nusage: " + USAGE);
        System.exit(2);
    }

    private String required(String name) {
        String value = options.get(name);
        if (value == null) throw new IllegalArgumentException("--" + name + " is required");
        return value;
    }

    private double number(String name, double otherwise) {
        return options.containsKey(name) ? Double.parseDouble(options.get(name)) : otherwise;
    }

    private boolean run() throws Exception {
        double minutes = number("minutes", 30);
        int churnSeconds = (int) number("churn-seconds", 20);
        int sampleSeconds = (int) number("sample-seconds", 5);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            double rate = number("rate", 0);
            if (rate == 0) {
                admin.createTopics(List.of(new NewTopic(MEASURE_TOPIC, partitions, (short) 1))).all().get();
                int seconds = (int) number("measure-seconds", 30);
                double max = SequenceLoad.measureMaxRate(bootstrap, MEASURE_TOPIC, recordBytes, seconds);
                admin.deleteTopics(List.of(MEASURE_TOPIC)).all().get();
                rate = Math.floor(max / 2);
                say("measured maximum: %,.0f records/s of %d bytes, acks=all, idempotent (%d s); soak load: half, %,.0f records/s",
                        max, recordBytes, seconds, rate);
            }
            long retentionMs = (long) (number("retention-seconds", 120) * 1000);
            // deleted segments' files stay open this long (Kafka's 60 s, less for a short retention)
            long deleteDelayMs = Math.min(60_000, retentionMs / 2);
            admin.createTopics(List.of(new NewTopic(TOPIC, partitions, (short) 1).configs(Map.of(
                    "retention.ms", Long.toString(retentionMs), "file.delete.delay.ms", Long.toString(deleteDelayMs),
                    "segment.bytes", SEGMENT_BYTES)))).all().get();
            say("soak: %.1f min at %,.0f records/s, %d partitions, a group (%s protocol) of 2-3 members, one joining or"
                    + " leaving every %d s", minutes, rate, partitions, options.getOrDefault("group-protocol", "classic"), churnSeconds);

            try (ChurningGroup group = new ChurningGroup(bootstrap, TOPIC, "soak-group", options.getOrDefault("group-protocol", "classic"));
                 SequenceLoad load = new SequenceLoad(bootstrap, TOPIC, recordBytes, rate)) {
                group.add();
                group.add();
                long start = System.nanoTime();
                long end = start + (long) (minutes * 60e9);
                long nextChurn = start + TimeUnit.SECONDS.toNanos(churnSeconds);
                long nextReport = start + TimeUnit.MINUTES.toNanos(1);
                while (System.nanoTime() < end && node.isAlive()) {
                    TimeUnit.SECONDS.sleep(sampleSeconds); // the sampling period, not a wait for a condition
                    samples.add(sample(admin, group, load, start));
                    if (System.nanoTime() >= nextChurn) {
                        if (group.size() < 3) group.add();
                        else group.removeOldest();
                        nextChurn += TimeUnit.SECONDS.toNanos(churnSeconds);
                    }
                    if (System.nanoTime() >= nextReport) {
                        say("  %s", samples.get(samples.size() - 1));
                        nextReport += TimeUnit.MINUTES.toNanos(1);
                    }
                }
                load.stop();
                BitSet acknowledged = load.acknowledgedValues();
                long drainStart = System.nanoTime();
                long lagAtEnd = lag(admin, group.group());
                while ((group.unread(acknowledged) > 0 || lagAtEnd > 0)
                        && System.nanoTime() - drainStart < TimeUnit.SECONDS.toNanos(DRAIN_SECONDS)) {
                    TimeUnit.SECONDS.sleep(1);
                    lagAtEnd = lag(admin, group.group());
                }
                report(rate, load, group, acknowledged, lagAtEnd, (System.nanoTime() - drainStart) / 1e9);
            }
        }
        writeSamples();
        if (failures.isEmpty()) say("soak: PASS");
        else failures.forEach(f -> say("soak: FAIL: %s", f));
        return failures.isEmpty();
    }

    private Sample sample(Admin admin, ChurningGroup group, SequenceLoad load, long start) throws Exception {
        return new Sample((System.nanoTime() - start) / 1e9, node.rssKib(), node.openFiles(), lag(admin, group.group()),
                load.acknowledged(), group.records(), group.size());
    }

    /** The group's committed offsets behind the ends of the partitions, summed; all of them when nothing is committed. */
    private long lag(Admin admin, String group) throws ExecutionException, InterruptedException {
        List<TopicPartition> all = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(TOPIC, p)).toList();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = all.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        long lag = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : admin.listOffsets(latest).all().get().entrySet()) {
            OffsetAndMetadata at = committed.get(end.getKey());
            lag += end.getValue().offset() - (at == null ? 0 : at.offset());
        }
        return lag;
    }

    private void report(double rate, SequenceLoad load, ChurningGroup group, BitSet acknowledged, long lagAtEnd, double drainSeconds) {
        int lost = group.unread(acknowledged);
        say("records: %,d sent, %,d acknowledged, %,d failed %s; read %,d times (%,d duplicates after rebalances); lost %,d",
                load.sent(), load.acknowledged(), load.failed(), load.failures(), group.records(), group.duplicates(), lost);
        say("group: %d joins, %d leaves; errors %s; lag 0 %.1f s after the load stopped: %s", group.joined(), group.left(),
                group.errors(), drainSeconds, lagAtEnd == 0 ? "yes" : "no, " + lagAtEnd);
        if (load.failed() > 0) failures.add(load.failed() + " sends failed: " + load.failures());
        if (!group.errors().isEmpty()) failures.add("consumer errors: " + group.errors());
        if (lost > 0) failures.add(lost + " acknowledged records never read");
        if (lagAtEnd > 0) failures.add("lag " + lagAtEnd + " " + DRAIN_SECONDS + " s after the load stopped");
        if (samples.size() < 6) {
            failures.add("too few samples (" + samples.size() + ") to judge: run longer");
            return;
        }
        double total = samples.get(samples.size() - 1).seconds();
        List<Sample> afterWarmUp = samples.stream().filter(s -> s.seconds() >= total / 3).toList();
        List<Sample> middle = afterWarmUp.stream().filter(s -> s.seconds() < 2 * total / 3).toList();
        List<Sample> last = afterWarmUp.stream().filter(s -> s.seconds() >= 2 * total / 3).toList();
        long maxLag = afterWarmUp.stream().mapToLong(Sample::lag).max().orElse(0);
        double lagBound = rate * number("max-lag-seconds", 30);
        say("lag after the warm-up (first third): max %,d records (%.2f s of load), bound %,.0f", maxLag, maxLag / rate, lagBound);
        if (maxLag > lagBound) failures.add(String.format("lag reached %,d records, over %,.0f", maxLag, lagBound));
        flat("RSS (MiB)", middle, last, s -> s.rssKib() / 1024);
        flat("open files", middle, last, Sample::openFiles);
    }

    private void flat(String what, List<Sample> middle, List<Sample> last, ToLongFunction<Sample> gauge) {
        double before = middle.stream().mapToLong(gauge).average().orElseThrow();
        double after = last.stream().mapToLong(gauge).average().orElseThrow();
        double growth = (after / before - 1) * 100;
        double allowed = number("flat-percent", 10);
        say("%s: first sample %d, middle third average %.0f, last third average %.0f (%+.1f%%), max %d", what,
                gauge.applyAsLong(samples.get(0)), before, after, growth, samples.stream().mapToLong(gauge).max().orElseThrow());
        if (growth > allowed) failures.add(String.format("%s grew %.1f%% from the middle to the last third (at most %.0f%%)", what, growth, allowed));
    }

    private void writeSamples() throws IOException {
        String file = options.get("samples-csv");
        if (file == null) return;
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(file)))) {
            out.println("seconds,rss_kib,open_files,lag,acknowledged,read,members");
            for (Sample s : samples) {
                out.printf("%.1f,%d,%d,%d,%d,%d,%d%n", s.seconds(), s.rssKib(), s.openFiles(), s.lag(), s.acknowledged(), s.read(), s.members());
            }
        }
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(format, args));
        System.out.flush();
    }
}
