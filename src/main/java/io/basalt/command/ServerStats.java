package io.basalt.command;

import java.util.LinkedHashMap;
import java.util.Map;

/** Server-wide counters INFO reports; reset by CONFIG RESETSTAT. Mutated inside the execution order. */
public final class ServerStats {
    /** Redis stops tracking new error codes past this many distinct ones. */
    private static final int MAX_ERROR_CODES = 128;

    public long commandsProcessed;
    public long connectionsReceived;
    public long rejectedConnections;
    public long errorReplies;
    public long unexpectedErrorReplies;
    public long clientQueryBufferLimitDisconnections;
    public long clientOutputBufferLimitDisconnections;
    public volatile long netInputBytes;
    public volatile long netOutputBytes;
    /** Replication traffic (INFO's total_net_repl_*), counted by the threads that move it. */
    public final java.util.concurrent.atomic.LongAdder netReplInputBytes = new java.util.concurrent.atomic.LongAdder();
    public final java.util.concurrent.atomic.LongAdder netReplOutputBytes = new java.util.concurrent.atomic.LongAdder();
    public long dirty;
    /** Unix time in seconds of the last successful save (LASTSAVE); the start time until one happens. Not reset. */
    public long lastSave;
    private final Map<String, Long> errorCodes = new LinkedHashMap<>();

    /** Counts one error reply under its code: the first word ("ERR", "WRONGTYPE"). */
    public void countError(byte[] message) {
        errorReplies++;
        int end = 0;
        while (end < message.length && message[end] != ' ') end++;
        String code = new String(message, 0, end, java.nio.charset.StandardCharsets.UTF_8);
        Long n = errorCodes.get(code);
        if (n == null && errorCodes.size() >= MAX_ERROR_CODES) return;
        errorCodes.put(code, n == null ? 1 : n + 1);
    }

    public Map<String, Long> errorCodes() {
        return errorCodes;
    }

    public void reset() {
        commandsProcessed = connectionsReceived = rejectedConnections = 0;
        errorReplies = unexpectedErrorReplies = 0;
        clientQueryBufferLimitDisconnections = clientOutputBufferLimitDisconnections = 0;
        netInputBytes = netOutputBytes = 0;
        netReplInputBytes.reset();
        netReplOutputBytes.reset();
        errorCodes.clear();
    }
}
