package io.basalt.config;

/** The Redis version Basalt reports (clients gate features on it) and Basalt's own. */
public final class ServerVersion {
    private ServerVersion() {}

    public static final String REDIS_VERSION = "7.0.15";
    public static final String BASALT_VERSION = "0.1.0";
}
