/*
 * rdkafka_consume: reads N records of a topic with librdkafka as fast as it can, the C counterpart of Kafka's
 * ConsumerPerformance in bench/run-side-by-side.sh (test consume-rdkafka).
 *
 *   rdkafka_consume -b BOOTSTRAP -t TOPIC -n RECORDS -g GROUP [-F FILE] [-T IDLE_MS]
 *   rdkafka_consume -V      prints the version of the librdkafka it runs with
 *
 *   -F FILE   librdkafka properties (name=value lines, # comments), applied after this program's own, e.g. the
 *             security settings of the run
 *   -T MS     gives up after MS ms without a record (default 60000, ConsumerPerformance's --timeout)
 *
 * Like ConsumerPerformance it subscribes in a fresh group starting at the earliest offset (auto.offset.reset) and
 * commits automatically, so that a broker does the same group work for both consumers and only the client differs.
 * Records are counted and dropped in batches (rd_kafka_consume_batch_queue on the consumer queue), with prefetch
 * queues large enough that the fetcher thread never waits for the application; CRCs are not checked (check.crcs,
 * ConsumerPerformance checks them).
 *
 * Prints one line, name=value pairs: records, bytes (keys and values, as ConsumerPerformance counts), first_ms (from
 * start to the first record: connect, join, offsets), window_ms (first record to last), records_s and mb_s over that
 * window (MB = 1,048,576 bytes, as ConsumerPerformance), cpu_s (the process's user + system CPU seconds) and
 * window_cpu_s (its CPU seconds within the window). Exits 0 when it read RECORDS records, 1 when it gave up before,
 * 2 on bad arguments or settings.
 */
#include <errno.h>
#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

/* rd_kafka_consume_batch_queue returns once it has this many records (or at its timeout): small enough that the
   first and the last record are timed within a batch of when they arrived. */
#define BATCH 1000

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double cpu_s(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static void set(rd_kafka_conf_t *conf, const char *name, const char *value) {
    char err[512];
    if (rd_kafka_conf_set(conf, name, value, err, sizeof err) != RD_KAFKA_CONF_OK) {
        fprintf(stderr, "rdkafka_consume: %s\n", err);
        exit(2);
    }
}

static void set_from_file(rd_kafka_conf_t *conf, const char *path) {
    FILE *f = fopen(path, "r");
    char line[4096];
    if (!f) {
        fprintf(stderr, "rdkafka_consume: %s: %s\n", path, strerror(errno));
        exit(2);
    }
    while (fgets(line, sizeof line, f)) {
        char *eq;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0' || line[0] == '#') continue;
        if (!(eq = strchr(line, '='))) {
            fprintf(stderr, "rdkafka_consume: %s: not name=value: %s\n", path, line);
            exit(2);
        }
        *eq = '\0';
        set(conf, line, eq + 1);
    }
    fclose(f);
}

static void usage(void) {
    fprintf(stderr, "usage: rdkafka_consume -b BOOTSTRAP -t TOPIC -n RECORDS -g GROUP [-F FILE] [-T IDLE_MS] | -V\n");
    exit(2);
}

int main(int argc, char **argv) {
    const char *bootstrap = NULL, *topic = NULL, *group = NULL, *config_file = NULL;
    long long want = 0, records = 0, bytes = 0;
    double idle_ms = 60000, start = now_ms(), first = 0, last = 0, cpu_first = 0, cpu_last = 0;
    int opt;
    while ((opt = getopt(argc, argv, "b:t:n:g:F:T:V")) != -1) {
        switch (opt) {
            case 'V': printf("%s\n", rd_kafka_version_str()); return 0;
            case 'b': bootstrap = optarg; break;
            case 't': topic = optarg; break;
            case 'n': want = atoll(optarg); break;
            case 'g': group = optarg; break;
            case 'F': config_file = optarg; break;
            case 'T': idle_ms = atof(optarg); break;
            default: usage();
        }
    }
    if (!bootstrap || !topic || !group || want <= 0) usage();

    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    set(conf, "bootstrap.servers", bootstrap);
    set(conf, "group.id", group);
    set(conf, "auto.offset.reset", "earliest");
    set(conf, "enable.partition.eof", "false");
    set(conf, "check.crcs", "false");
    /* Fetches as large as the Java consumer's (50 MB a response, 1 MB a partition): a broker answers both consumers
       with the same fetch sizes, so that its CPU per GB served compares the clients and not the request sizes. Up to
       1 GB or a million records a partition queued ahead of the application: the fetcher keeps requesting whenever
       the broker has data, and never waits for this program. */
    set(conf, "fetch.max.bytes", "52428800");
    set(conf, "max.partition.fetch.bytes", "1048576");
    set(conf, "queued.max.messages.kbytes", "1048576");
    set(conf, "queued.min.messages", "1000000");
    if (config_file) set_from_file(conf, config_file);

    char err[512];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
    if (!rk) {
        fprintf(stderr, "rdkafka_consume: %s\n", err);
        return 2;
    }
    rd_kafka_poll_set_consumer(rk);
    rd_kafka_topic_partition_list_t *topics = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(topics, topic, RD_KAFKA_PARTITION_UA);
    rd_kafka_resp_err_t e = rd_kafka_subscribe(rk, topics);
    rd_kafka_topic_partition_list_destroy(topics);
    if (e) {
        fprintf(stderr, "rdkafka_consume: subscribe: %s\n", rd_kafka_err2str(e));
        return 2;
    }

    rd_kafka_queue_t *queue = rd_kafka_queue_get_consumer(rk);
    static rd_kafka_message_t *batch[BATCH];
    double idle_since = now_ms();
    while (records < want && now_ms() - idle_since < idle_ms) {
        ssize_t n = rd_kafka_consume_batch_queue(queue, 100, batch, want - records < BATCH ? want - records : BATCH);
        if (n > 0 && first == 0) {
            first = now_ms();
            cpu_first = cpu_s();
        }
        if (n < 0) {
            fprintf(stderr, "rdkafka_consume: %s\n", rd_kafka_err2str(rd_kafka_last_error()));
            break;
        }
        for (ssize_t i = 0; i < n; i++) {
            rd_kafka_message_t *m = batch[i];
            if (m->err)
                fprintf(stderr, "rdkafka_consume: %s\n", rd_kafka_message_errstr(m));
            else {
                records++;
                bytes += m->len + m->key_len;
            }
            rd_kafka_message_destroy(m);
        }
        if (n > 0) {
            last = idle_since = now_ms();
            cpu_last = cpu_s();
        }
    }
    double window = last - first;
    printf("records=%lld bytes=%lld first_ms=%.0f window_ms=%.0f records_s=%.1f mb_s=%.2f cpu_s=%.2f window_cpu_s=%.2f\n",
           records, bytes, first > 0 ? first - start : 0, window, window > 0 ? records * 1e3 / window : 0,
           window > 0 ? bytes / 1048576.0 * 1e3 / window : 0, cpu_s(), cpu_last - cpu_first);
    fflush(stdout);

    rd_kafka_queue_destroy(queue);
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    return records >= want ? 0 : 1;
}
