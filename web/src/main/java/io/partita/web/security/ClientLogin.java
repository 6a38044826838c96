package io.partita.web.security;

import jakarta.security.enterprise.credential.UsernamePasswordCredential;

import java.net.InetAddress;

/**
 * A user name and password with the address the request came from: the ACLs that may give a SCRAM user their role
 * name hosts. Immutable.
 */
final class ClientLogin extends UsernamePasswordCredential {

    private final InetAddress from;

    ClientLogin(String user, String password, InetAddress from) {
        super(user, password);
        this.from = from;
    }

    InetAddress from() {
        return from;
    }
}
