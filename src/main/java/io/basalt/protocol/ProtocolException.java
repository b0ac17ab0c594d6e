package io.basalt.protocol;

/** A malformed request: the connection gets this error and is then closed, as Redis does. */
public final class ProtocolException extends Exception {
    public ProtocolException(String message) {
        super(message, null, false, false);
    }
}
