/**
 * A test application for a secured node, packed into {@code secured-app.war} by {@code TestWar} and deployed by
 * {@code SecuredResourceAdapterIT}: connection factories and message-driven beans that present the SCRAM user alice's
 * credentials (and a wrong password) to the node's only listener, SASL_SSL, reachable over HTTP. Nothing here runs
 * in the test JVM.
 */
package io.partita.systemtests.securedapp;
