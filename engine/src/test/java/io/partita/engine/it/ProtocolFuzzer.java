package io.partita.engine.it;

import io.partita.engine.it.FrameMutator.Kind;
import io.partita.engine.it.FrameMutator.Mutant;
import io.partita.engine.it.RawKafkaConnection.Reaction;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Sends mutated request frames ({@link FrameMutator}) to a broker from several threads, one frame at a time per
 * connection: after each frame it waits briefly for the broker's reaction, keeps the connection while the broker
 * answers, and opens a new one once the broker closed it, stayed silent (a request it may park, such as a Fetch
 * whose wait was mutated to minutes) or the frame was abandoned mid-way. Thread {@code i} mutates with seed
 * {@code seed + i}, so the mutations of a run repeat with its seed (the recorded frames carry the ids and times of
 * their own session). One run per instance.
 */
final class ProtocolFuzzer {

    /** How long a frame's reaction is awaited before the connection counts as silent. */
    private static final Duration PATIENCE = Duration.ofMillis(100);
    /** How many {@link #PATIENCE} periods (10 s) a frame that must close the connection gets: a busy broker may be slow. */
    private static final int PATIENCE_FOR_A_CLOSE = 100;

    /** What became of one frame: the broker's {@link Reaction}, or the sender closed the connection mid-frame. */
    enum Outcome {
        ANSWERED, CLOSED, SILENT, ABANDONED;

        static Outcome of(Reaction reaction) {
            return valueOf(reaction.name());
        }
    }

    /** What became of the frames of each kind, counted by {@link Outcome} ordinal; the connections opened. */
    record Tally(Map<Kind, long[]> byKind, long connections, List<String> violations) {

        long frames() {
            return byKind.values().stream().flatMapToLong(java.util.Arrays::stream).sum();
        }

        long count(Outcome outcome) {
            return byKind.values().stream().mapToLong(counts -> counts[outcome.ordinal()]).sum();
        }

        String table() {
            StringBuilder table = new StringBuilder(String.format("%-16s", "mutation"));
            for (Outcome o : Outcome.values()) table.append(String.format(" %9s", o.name().toLowerCase()));
            byKind.forEach((kind, c) -> {
                table.append(String.format("%n%-16s", kind));
                for (long n : c) table.append(String.format(" %9d", n));
            });
            return table.toString();
        }
    }

    private final String address;
    private final RequestCorpus corpus;
    private final long seed;
    private static final int OUTCOMES = Outcome.values().length;

    private final AtomicLongArray counts = new AtomicLongArray(Kind.values().length * OUTCOMES);
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    private long connections;

    ProtocolFuzzer(String address, RequestCorpus corpus, long seed) {
        this.address = address;
        this.corpus = corpus;
        this.seed = seed;
    }

    /** Sends {@code frames} mutated frames over {@code threads} threads and returns what the broker did. */
    Tally run(int frames, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> runs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                FrameMutator mutator = new FrameMutator(seed + t, corpus);
                int share = frames / threads + (t < frames % threads ? 1 : 0);
                runs.add(pool.submit(() -> send(mutator, share)));
            }
            for (Future<Long> run : runs) connections += run.get();
        } finally {
            pool.shutdownNow();
        }
        Map<Kind, long[]> byKind = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            long[] c = new long[OUTCOMES];
            for (int o = 0; o < OUTCOMES; o++) c[o] = counts.get(kind.ordinal() * OUTCOMES + o);
            byKind.put(kind, c);
        }
        return new Tally(byKind, connections, List.copyOf(violations));
    }

    /** Sends {@code frames} frames from one thread; returns the number of connections it opened. */
    private long send(FrameMutator mutator, int frames) {
        long opened = 0;
        RawKafkaConnection connection = null;
        try {
            for (int i = 0; i < frames; i++) {
                Mutant mutant = mutator.next();
                if (connection == null) {
                    connection = RawKafkaConnection.open(address, PATIENCE);
                    opened++;
                }
                Outcome outcome;
                try {
                    connection.writeRaw(mutant.bytes());
                    outcome = mutant.abandon() ? Outcome.ABANDONED : Outcome.of(reaction(connection, mutant));
                } catch (UncheckedIOException reset) {
                    outcome = Outcome.CLOSED;
                }
                counts.incrementAndGet(mutant.kind().ordinal() * OUTCOMES + outcome.ordinal());
                if (mutant.mustBeClosed() && outcome != Outcome.CLOSED && violations.size() < 10) {
                    violations.add(mutant.kind() + " frame " + hex(mutant.bytes()) + " was " + outcome);
                }
                if (outcome != Outcome.ANSWERED) {
                    connection.close();
                    connection = null;
                }
            }
        } finally {
            if (connection != null) connection.close();
        }
        return opened;
    }

    private static Reaction reaction(RawKafkaConnection connection, Mutant mutant) {
        Reaction reaction = connection.awaitReaction();
        for (int i = 1; reaction == Reaction.SILENT && mutant.mustBeClosed() && i < PATIENCE_FOR_A_CLOSE; i++) {
            reaction = connection.awaitReaction();
        }
        return reaction;
    }

    private static String hex(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, 24); i++) hex.append(String.format("%02x", bytes[i]));
        return hex + (bytes.length > 24 ? "... (" + bytes.length + " bytes)" : "");
    }
}
