/**
 * A test application for the resource adapter, packed into {@code ra-test-app.war} by {@code TestWar} and deployed
 * on a node by {@code ResourceAdapterIT}: a bean producing through the connection factory and message-driven beans
 * whose receptions are counted, reachable over HTTP. Nothing here runs in the test JVM.
 */
package io.partita.systemtests.raapp;
