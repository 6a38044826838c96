package io.partita.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The admin API; the module's context root is {@code /api}. */
@ApplicationPath("/")
public class PartitaApi extends Application {
}
