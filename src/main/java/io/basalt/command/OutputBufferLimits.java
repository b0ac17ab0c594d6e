package io.basalt.command;

import io.basalt.config.Config;
import io.basalt.config.Directives;
import io.basalt.util.Clock;
import io.basalt.util.Log;

import java.util.List;

/**
 * client-output-buffer-limit, as Redis's checkClientOutputBufferLimits: a client whose
 * pending output reaches its class's hard limit is closed at once; one that stays at or
 * above the soft limit for more than the soft seconds is closed too. Each CONFIG SET
 * changes only the classes it names, as in Redis.
 */
public final class OutputBufferLimits {
    private final ServerStats stats;
    private final Clock clock;
    /** hard, soft, soft seconds per class (indexed by ClientType ordinal); read from any thread, replaced whole. */
    private volatile long[][] limits = {{0, 0, 0}, {256L << 20, 64L << 20, 60}, {32L << 20, 8L << 20, 60}};

    OutputBufferLimits(Config config, ServerStats stats, Clock clock) {
        this.stats = stats;
        this.clock = clock;
        config.watch(Directives.CLIENT_OUTPUT_BUFFER_LIMIT, v -> apply(config.getWords(Directives.CLIENT_OUTPUT_BUFFER_LIMIT)));
    }

    /** The config value is always the full normalised form: normal, slave, pubsub, 4 words each. */
    private void apply(List<String> words) {
        long[][] next = new long[3][3];
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < 3; i++) next[k][i] = Long.parseUnsignedLong(words.get(k * 4 + 1 + i));
        }
        limits = next;
    }

    /**
     * True when {@code pendingBytes} breaks the client's limits; then logs, counts the
     * disconnection and the caller closes the connection.
     */
    public boolean exceeded(Client c, long pendingBytes) {
        long[] l = limits[ClientType.of(c).outputBufferClass().ordinal()];
        boolean hard = l[0] > 0 && pendingBytes >= l[0];
        boolean soft = l[1] > 0 && pendingBytes >= l[1];
        long nowSeconds = clock.millis() / 1000;
        if (soft) {
            if (c.softLimitReachedSeconds == 0) {
                c.softLimitReachedSeconds = nowSeconds;
                soft = false;
            } else if (nowSeconds - c.softLimitReachedSeconds <= l[2]) {
                soft = false;
            }
        } else {
            c.softLimitReachedSeconds = 0;
        }
        if (!hard && !soft) return false;
        stats.clientOutputBufferLimitDisconnections++;
        Log.warning("Client " + ClientInfo.line(c) + " scheduled to be closed ASAP for overcoming of output buffer limits.");
        return true;
    }
}
