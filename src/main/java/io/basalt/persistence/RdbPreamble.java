package io.basalt.persistence;

import io.basalt.command.Engine;

import java.io.IOException;
import java.io.InputStream;

/**
 * Loading the RDB side of the AOF: a base file in RDB format ({@code aof-use-rdb-preamble yes},
 * and old single-file AOFs that start with an RDB preamble). Implemented by the RDB loader and
 * attached with {@code engine.provide(RdbPreamble.class, ...)}; without one, the AOF refuses to
 * load an RDB base. (Bases are written through {@link Persistence#aofBaseSnapshot}.)
 */
public interface RdbPreamble {
    /**
     * Loads an RDB from {@code in} into the dataset (rdbLoadRio), consuming exactly the RDB's
     * bytes up to and including its checksum, so that an AOF tail after it can follow.
     * Fails with an IOException that says what is wrong.
     */
    void load(Engine engine, InputStream in) throws IOException;
}
