package io.partita.systemtests;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What every browser test of the console stands on, in this order: the shared {@link SecuredNode}, the shared
 * headless Chromium on its console ({@link ConsoleBrowser}) and the realistic data written once on the node
 * ({@link ConsoleData}). Each is started by the first class that extends this one and kept for the whole run.
 */
abstract class ConsoleTest {

    @RegisterExtension
    @Order(1)
    static final SecuredNode NODE = new SecuredNode();
    @RegisterExtension
    @Order(2)
    static final ConsoleBrowser BROWSER = new ConsoleBrowser(NODE);
    @RegisterExtension
    @Order(3)
    static final ConsoleData DATA = new ConsoleData(NODE);
}
