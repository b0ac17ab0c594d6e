package io.basalt.persistence;

/** A key a master's load dropped because it had expired: its deletion is propagated (RDBFLAGS_FEED_REPL). */
public record ExpiredKey(int db, byte[] key) {}
