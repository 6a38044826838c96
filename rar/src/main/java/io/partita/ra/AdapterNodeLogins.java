package io.partita.ra;

import io.partita.engine.security.acl.AclAuthorizer;
import io.partita.ra.host.NodeLogins;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.AdministeredObject;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.scram.ScramCredential;

import java.net.InetAddress;
import java.util.Optional;

/**
 * The administered object through which the admin API checks logins against the adapter's node; the container
 * associates it with the adapter. Applications have no business with it: its interface is not in the api jar.
 * Thread-safe.
 */
@AdministeredObject(adminObjectInterfaces = NodeLogins.class)
public class AdapterNodeLogins extends AdapterAdministeredObject implements NodeLogins {

    private static final long serialVersionUID = 1L;

    @Override
    public Optional<ScramCredential> scramCredential(String user, String mechanism) throws ResourceException {
        return runningNode().scramCredential(user, mechanism);
    }

    @Override
    public boolean checksAcls() throws ResourceException {
        return runningNode().aclAuthorizer().isPresent();
    }

    @Override
    public boolean allowedOnCluster(String user, InetAddress from, AclOperation operation) throws ResourceException {
        Optional<AclAuthorizer> authorizer = runningNode().aclAuthorizer();
        return authorizer.isEmpty() || authorizer.get().allowed(new KafkaPrincipal(KafkaPrincipal.USER_TYPE, user), from,
                operation, ResourceType.CLUSTER, Resource.CLUSTER_NAME);
    }
}
