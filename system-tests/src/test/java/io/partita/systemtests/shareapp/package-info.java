/**
 * A test application for share-group activations, packed into {@code share-test-app.war} by {@code TestWar} and
 * deployed on a node by {@code ShareActivationIT}: a pool of message-driven beans on a share group whose calls are
 * counted and timed, reachable over HTTP. Nothing here runs in the test JVM.
 */
package io.partita.systemtests.shareapp;
