package io.partita.systemtests.shareapp;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST resource, and the names the bean and the test share. */
@ApplicationPath("")
public class ShareTestApplication extends Application {

    public static final String TOPIC = "share.work";
    public static final String DEAD_LETTERS = "share.work.dlt";
    public static final String SHARE_GROUP = "share-pool";
    /** Records whose value starts with this make the bean throw, every time. */
    public static final String POISON = "poison";
}
