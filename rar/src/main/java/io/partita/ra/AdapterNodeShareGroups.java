package io.partita.ra;

import io.partita.engine.share.SharePartitionView;
import io.partita.ra.host.NodeShareGroups;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.AdministeredObject;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The administered object through which the admin API reads where share groups stand on the adapter's node; the
 * container associates it with the adapter. Applications have no business with it: its interface is not in the api
 * jar. Thread-safe.
 */
@AdministeredObject(adminObjectInterfaces = NodeShareGroups.class)
public class AdapterNodeShareGroups extends AdapterAdministeredObject implements NodeShareGroups {

    private static final long serialVersionUID = 1L;

    @Override
    public List<SharePartitionView> partitions(String groupId, Collection<String> topics, Duration wait)
            throws ResourceException {
        try {
            return runningNode().sharePartitions(groupId, topics).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // The coordinators' own errors are Kafka's unchecked ApiExceptions, which the caller answers by their code.
            if (e.getCause() instanceof RuntimeException failure) throw failure;
            throw new ResourceException("Reading the share-partition state of group " + groupId + " failed", e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TimeoutException("The share coordinators of group " + groupId + " did not answer within "
                    + wait.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }
}
