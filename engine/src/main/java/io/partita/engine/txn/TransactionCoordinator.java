package io.partita.engine.txn;

import io.partita.engine.concurrent.CompletionFailures;
import io.partita.engine.coordinator.CoordinatorThread;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotCoordinatorException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.protocol.Errors;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Kafka's transaction coordinator (KIP-98, transaction protocol version 1): hands producer ids and epochs to
 * transactional ids, records which partitions each transaction writes to, and ends transactions by writing commit
 * or abort markers to all of them.
 *
 * <p>Every state change is recorded before it is applied, as in Kafka: the coordinator computes the id's next
 * {@link TransactionMetadata}, appends it as a {@link TransactionRecord} to the {@link TransactionStore}
 * ({@code __transaction_state}) and, once the append succeeded, applies it by replaying the record into
 * {@link LoadedTransactions}: the same replay that rebuilds a partition's state when it is loaded. Until then the
 * id's state is what it was; an append that fails, or whose partition changed hands meanwhile (a newer coordinator
 * epoch), leaves it so and answers Kafka's error (NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE).
 *
 * <p>Ending a transaction stores PrepareCommit/PrepareAbort (the decision, answered to the producer at once), writes
 * the markers through the {@link TxnMarkerWriter}, then stores CompleteCommit/CompleteAbort. A prepared transaction
 * found at load, or whose markers failed, is completed again by {@link #maintain()}, which also takes over the ids of
 * {@code __transaction_state} partitions this node came to lead (a request for such an id does so at once), aborts
 * transactions open longer than their timeout (bumping the epoch, which fences the producer) and forgets ids idle
 * for {@code transactional.id.expiration.ms}.
 *
 * <p>Every id lives on one thread: each operation hops onto the given single-threaded executor and answers through
 * the returned future. While an append or a marker round of an id is in flight the id is busy and requests for it
 * are answered CONCURRENT_TRANSACTIONS (the producer retries). Requests for ids another node coordinates are
 * answered NOT_COORDINATOR. Thread-safe: any method may be called from any thread.
 */
public final class TransactionCoordinator {

    private static final System.Logger LOG = System.getLogger(TransactionCoordinator.class.getName());
    /** Kafka starts a new producer id when the epoch would reach this, so that a fence can still bump it once. */
    private static final short MAX_EPOCH = Short.MAX_VALUE - 1;

    private final TransactionConfig config;
    private final TransactionStore store;
    private final LoadedTransactions transactions;
    private final LongSupplier producerIds;
    private final TxnMarkerWriter markers;
    private final Function<String, TopicPartition> groupOffsetsPartition;
    private final Clock clock;
    private final Executor thread;
    private final CoordinatorThread calls;
    /** Ids with an append or a marker round in flight: their next transition waits for its outcome. */
    private final Set<String> busy = new HashSet<>();

    /**
     * @param producerIds           hands out producer ids unique in the cluster ({@link ProducerIdManager})
     * @param groupOffsetsPartition the {@code __consumer_offsets} partition a group's offsets go to
     * @param thread                single-threaded; every id's state is read and changed on it only
     */
    public TransactionCoordinator(TransactionConfig config, TransactionStore store, LongSupplier producerIds,
                                  TxnMarkerWriter markers, Function<String, TopicPartition> groupOffsetsPartition,
                                  Clock clock, Executor thread) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(store, "store");
        this.transactions = new LoadedTransactions(store);
        this.producerIds = Objects.requireNonNull(producerIds, "producerIds");
        this.markers = Objects.requireNonNull(markers, "markers");
        this.groupOffsetsPartition = Objects.requireNonNull(groupOffsetsPartition, "groupOffsetsPartition");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.thread = Objects.requireNonNull(thread, "thread");
        this.calls = new CoordinatorThread(thread, "The transaction coordinator");
        calls.submit(loaded -> followLeadership());
    }

    /**
     * Takes over the ids of the {@code __transaction_state} partitions this node came to lead (completing their
     * prepared transactions) and forgets those of partitions it no longer leads.
     */
    private void followLeadership() {
        List<TransactionMetadata> taken = transactions.followLeadership();
        taken.stream().filter(m -> m.state().isPreparing()).forEach(this::writeMarkers);
        if (!taken.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "Took over {0} transactional id(s)", taken.size());
        }
    }

    /** NONE when this node coordinates the id (loading its partition first if it just became its leader). */
    private Errors coordinatorCheck(String transactionalId) {
        if (coordinates(transactionalId)) return Errors.NONE;
        followLeadership();
        return coordinates(transactionalId) ? Errors.NONE : Errors.NOT_COORDINATOR;
    }

    /** True when this node leads the id's partition (creating the partitions first if needed) and has loaded it. */
    private boolean coordinates(String transactionalId) {
        return store.coordinatorNodeId(transactionalId).isPresent() && transactions.coordinatorEpoch(transactionalId) >= 0;
    }

    /** The node that coordinates the id (creating {@code __transaction_state} when needed); empty when none can now. */
    public CompletableFuture<OptionalInt> findCoordinator(String transactionalId) {
        return calls.submit(response -> response.complete(store.coordinatorNodeId(transactionalId)));
    }

    /**
     * InitProducerId with a transactional id: a new producer id at epoch 0 for a new id, otherwise the next epoch
     * (a new producer id once the epoch is exhausted), which fences every older producer of the id. An open
     * transaction is aborted first (CONCURRENT_TRANSACTIONS until it is, the producer retries).
     *
     * @param expectedProducerId    -1, or the id the producer has (KIP-360: it asks for a bump of its own epoch)
     * @param expectedProducerEpoch -1, or the epoch it has
     */
    public CompletableFuture<InitProducerIdResult> initProducerId(String transactionalId, int timeoutMs,
                                                                  long expectedProducerId, short expectedProducerEpoch) {
        return calls.submit(response -> {
            if (transactionalId.isEmpty()) {
                response.complete(InitProducerIdResult.error(Errors.INVALID_REQUEST));
            } else if (coordinatorCheck(transactionalId) != Errors.NONE) {
                response.complete(InitProducerIdResult.error(Errors.NOT_COORDINATOR));
            } else if (timeoutMs <= 0 || timeoutMs > config.maxTimeoutMs()) {
                response.complete(InitProducerIdResult.error(Errors.INVALID_TRANSACTION_TIMEOUT));
            } else if (busy.contains(transactionalId)) {
                response.complete(InitProducerIdResult.error(Errors.CONCURRENT_TRANSACTIONS));
            } else {
                init(transactionalId, timeoutMs, expectedProducerId, expectedProducerEpoch, response);
            }
        });
    }

    private void init(String id, int timeoutMs, long expectedProducerId, short expectedEpoch,
                      CompletableFuture<InitProducerIdResult> response) {
        long now = clock.millis();
        TransactionMetadata current = transactions.get(id);
        TransactionMetadata next;
        if (current == null) {
            next = TransactionMetadata.fresh(id, producerIds.getAsLong(), (short) 0, timeoutMs, now);
        } else if (expectedProducerId >= 0 && (expectedProducerId != current.producerId() || expectedEpoch != current.producerEpoch())) {
            response.complete(InitProducerIdResult.error(Errors.PRODUCER_FENCED));
            return;
        } else if (current.state() == TransactionState.ONGOING) {
            abort(current, now);
            response.complete(InitProducerIdResult.error(Errors.CONCURRENT_TRANSACTIONS));
            return;
        } else if (!current.state().isIdle()) {
            response.complete(InitProducerIdResult.error(Errors.CONCURRENT_TRANSACTIONS));
            return;
        } else if (current.producerEpoch() + 1 >= MAX_EPOCH) {
            next = current.withProducer(producerIds.getAsLong(), (short) 0, timeoutMs, now);
        } else {
            next = current.withProducer(current.producerId(), (short) (current.producerEpoch() + 1), timeoutMs, now);
        }
        append(TransactionRecord.of(next), () -> response.complete(InitProducerIdResult.of(next)),
                error -> response.complete(InitProducerIdResult.error(error)));
    }

    /**
     * Adds partitions to the producer's transaction, starting it if none is open. Verification only (the broker
     * form of AddPartitionsToTxn v4+) changes nothing and answers INVALID_TXN_STATE unless they are all in it.
     */
    public CompletableFuture<Errors> addPartitions(String transactionalId, long producerId, short producerEpoch,
                                                   Set<TopicPartition> partitions, boolean verifyOnly) {
        return calls.submit(response -> {
            Errors error = checkProducer(transactionalId, producerId, producerEpoch);
            TransactionMetadata current = transactions.get(transactionalId);
            if (error != Errors.NONE) {
                response.complete(error);
            } else if (verifyOnly) {
                response.complete(current.state() == TransactionState.ONGOING && current.partitions().containsAll(partitions)
                        ? Errors.NONE : Errors.INVALID_TXN_STATE);
            } else if (!current.state().isIdle() && current.state() != TransactionState.ONGOING) {
                response.complete(Errors.CONCURRENT_TRANSACTIONS);
            } else if (current.state() == TransactionState.ONGOING && current.partitions().containsAll(partitions)) {
                response.complete(Errors.NONE);
            } else {
                append(TransactionRecord.of(current.withPartitions(partitions, clock.millis())), () -> response.complete(Errors.NONE),
                        response::complete);
            }
        });
    }

    /** AddOffsetsToTxn: the group's {@code __consumer_offsets} partition joins the transaction. */
    public CompletableFuture<Errors> addOffsets(String transactionalId, long producerId, short producerEpoch, String groupId) {
        TopicPartition offsets;
        try {
            offsets = groupOffsetsPartition.apply(groupId);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Errors.COORDINATOR_NOT_AVAILABLE);
        }
        return addPartitions(transactionalId, producerId, producerEpoch, Set.of(offsets), false);
    }

    /**
     * EndTxn: decides the outcome, stores it and answers; the markers follow. A retry of an end already made is
     * answered NONE (or CONCURRENT_TRANSACTIONS while its markers are being written); the other outcome, or no
     * open transaction, INVALID_TXN_STATE.
     */
    public CompletableFuture<Errors> endTransaction(String transactionalId, long producerId, short producerEpoch, boolean commit) {
        return calls.submit(response -> {
            Errors error = checkProducer(transactionalId, producerId, producerEpoch);
            if (error != Errors.NONE) {
                response.complete(error);
                return;
            }
            TransactionMetadata current = transactions.get(transactionalId);
            TransactionState prepare = commit ? TransactionState.PREPARE_COMMIT : TransactionState.PREPARE_ABORT;
            TransactionState complete = commit ? TransactionState.COMPLETE_COMMIT : TransactionState.COMPLETE_ABORT;
            if (current.state() == TransactionState.ONGOING) {
                TransactionMetadata prepared = current.preparing(prepare, current.producerEpoch(), clock.millis());
                append(TransactionRecord.of(prepared), () -> {
                    response.complete(Errors.NONE);
                    writeMarkers(prepared);
                }, response::complete);
            } else if (current.state() == prepare) {
                response.complete(Errors.CONCURRENT_TRANSACTIONS);
            } else if (current.state() == complete) {
                response.complete(Errors.NONE);
            } else {
                response.complete(Errors.INVALID_TXN_STATE);
            }
        });
    }

    /** DescribeTransactions: one answer per id, in order. */
    public CompletableFuture<List<TransactionDescription>> describe(List<String> transactionalIds) {
        return calls.submit(response -> {
            List<TransactionDescription> answers = new ArrayList<>(transactionalIds.size());
            for (String id : transactionalIds) {
                boolean coordinated = coordinatorCheck(id) == Errors.NONE;
                TransactionMetadata m = transactions.get(id);
                Errors error = !coordinated ? Errors.NOT_COORDINATOR
                        : m == null ? Errors.TRANSACTIONAL_ID_NOT_FOUND : Errors.NONE;
                answers.add(new TransactionDescription(id, error, error == Errors.NONE ? m : null));
            }
            response.complete(answers);
        });
    }

    /** ListTransactions: the ids this node coordinates that match. */
    public CompletableFuture<List<TransactionMetadata>> list(TransactionFilter filter) {
        return calls.submit(response -> {
            long now = clock.millis();
            response.complete(transactions.all().stream().filter(m -> filter.matches(m, now)).toList());
        });
    }

    /**
     * The periodic upkeep: aborts transactions open longer than their timeout, completes prepared ones whose markers
     * are not all written, and forgets ids idle for {@code transactional.id.expiration.ms}. Returns at once; the
     * work runs on the coordinator's thread.
     */
    public void maintain() {
        calls.submit(done -> {
            followLeadership();
            long now = clock.millis();
            for (TransactionMetadata m : transactions.all()) {
                if (busy.contains(m.transactionalId())) continue;
                if (m.isExpired(now)) {
                    LOG.log(System.Logger.Level.INFO, "Aborting the transaction of {0}: open for more than {1} ms",
                            m.transactionalId(), m.timeoutMs());
                    abort(m, now);
                } else if (m.state().isPreparing()) {
                    writeMarkers(m);
                } else if (m.state().isIdle() && now - m.txnLastUpdateTimestampMs() >= config.idExpirationMs()) {
                    expire(m);
                }
            }
            done.complete(null);
        });
    }

    /** Aborts an open transaction with the next epoch, so that its producer is fenced. */
    private void abort(TransactionMetadata ongoing, long now) {
        short fenced = (short) Math.min(ongoing.producerEpoch() + 1, Short.MAX_VALUE);
        TransactionMetadata prepared = ongoing.preparing(TransactionState.PREPARE_ABORT, fenced, now);
        append(TransactionRecord.of(prepared), () -> writeMarkers(prepared), error -> LOG.log(System.Logger.Level.WARNING,
                "Cannot abort the transaction of " + ongoing.transactionalId() + ": " + error));
    }

    private void expire(TransactionMetadata idle) {
        append(TransactionRecord.tombstone(idle.transactionalId()), () -> { }, error -> { });
    }

    /** Writes the markers of a prepared transaction, then stores it complete; on failure it stays prepared. */
    private void writeMarkers(TransactionMetadata prepared) {
        String id = prepared.transactionalId();
        busy.add(id);
        markers.writeMarkers(prepared.producerId(), prepared.producerEpoch(), transactions.coordinatorEpoch(id),
                        prepared.state() == TransactionState.PREPARE_COMMIT, prepared.partitions())
                .whenCompleteAsync((ok, failure) -> {
                    busy.remove(id);
                    if (failure != null) {
                        LOG.log(System.Logger.Level.WARNING, "Markers of " + id + " not all written, retried later: "
                                + CompletionFailures.cause(failure));
                        return;
                    }
                    append(TransactionRecord.of(prepared.completed(clock.millis())), () -> { }, error -> LOG.log(System.Logger.Level.WARNING,
                            "Cannot store the end of the transaction of " + id + ", retried later: " + error));
                }, thread);
    }

    /** NONE when the id is coordinated here, known, and the producer's id and epoch are its current ones. */
    private Errors checkProducer(String transactionalId, long producerId, short producerEpoch) {
        if (transactionalId.isEmpty()) return Errors.INVALID_REQUEST;
        if (coordinatorCheck(transactionalId) != Errors.NONE) return Errors.NOT_COORDINATOR;
        TransactionMetadata current = transactions.get(transactionalId);
        if (current == null || current.producerId() != producerId) return Errors.INVALID_PRODUCER_ID_MAPPING;
        if (current.producerEpoch() != producerEpoch) return Errors.PRODUCER_FENCED;
        if (busy.contains(transactionalId)) return Errors.CONCURRENT_TRANSACTIONS;
        return Errors.NONE;
    }

    /**
     * The transition to the state {@code record} holds: appends it and, once appended, replays it into the loaded
     * state and runs {@code then}. When the append fails, or the id's partition changed hands meanwhile (a newer
     * coordinator epoch), the state stays as it was and {@code failed} gets the error. The id is busy meanwhile.
     */
    private void append(TransactionRecord record, Runnable then, Consumer<Errors> failed) {
        String id = record.transactionalId();
        int coordinatorEpoch = transactions.coordinatorEpoch(id);
        busy.add(id);
        store.append(record).whenCompleteAsync((ok, failure) -> {
            busy.remove(id);
            if (failure != null) {
                failed.accept(writeError(CompletionFailures.cause(failure)));
            } else if (transactions.replay(record, coordinatorEpoch)) {
                then.run();
            } else {
                failed.accept(Errors.NOT_COORDINATOR);
            }
        }, thread);
    }

    private static Errors writeError(Throwable failure) {
        if (failure instanceof NotCoordinatorException || failure instanceof NotLeaderOrFollowerException) {
            return Errors.NOT_COORDINATOR;
        }
        return Errors.COORDINATOR_NOT_AVAILABLE;
    }
}
