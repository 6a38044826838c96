/**
 * JTA with the resource adapter, tested with Arquillian on Payara Micro: {@link
 * io.partita.systemtests.jta.TransactionsOnPayaraMicroIT} and the beans it deploys with itself. The test methods
 * run inside the server.
 */
package io.partita.systemtests.jta;
