package io.basalt.config;

/**
 * A value a directive rejects; the message is Redis's reason text (e.g. "argument must be
 * 'yes' or 'no'"), or for the loader the whole text Redis prints before exiting.
 */
public final class ConfigException extends Exception {
    private final boolean logLine;

    public ConfigException(String message) {
        this(message, false);
    }

    /** {@code logLine}: Redis reports this one as a log line (serverLog), not on standard error. */
    public ConfigException(String message, boolean logLine) {
        super(message, null, false, false);
        this.logLine = logLine;
    }

    /** True when the message is a log line (a config file that cannot be opened), false for the fatal block. */
    public boolean isLogLine() {
        return logLine;
    }
}
