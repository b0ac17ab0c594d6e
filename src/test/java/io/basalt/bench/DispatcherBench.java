package io.basalt.bench;

import io.basalt.command.Client;
import io.basalt.command.Engine;
import io.basalt.protocol.Args;
import io.basalt.protocol.ReplyWriter;
import io.basalt.testing.Harness;
import io.basalt.util.Ascii;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * One command through the real engine, as a connection runs a read batch of one command
 * (redis-benchmark's -P 1): take the execution lock, dispatch (every check, the handler,
 * statistics and call listeners), drain the reply, run the after-batch work, unlock.
 * Scores are per command; allocation is what {@code -prof gc} should show as zero, or the
 * stored values only.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DispatcherBench {
    private static final int MSET_KEYS = 10;

    private final ReplyCapture sink = new ReplyCapture();
    private Engine engine;
    private Client client;
    private Args get;
    private Args set;
    private Args incr;
    private Args ping;
    private Args mset;

    @Setup
    public void startEngine() {
        Harness harness = new Harness();
        engine = harness.engine;
        client = new Client(engine.clients().newId(), engine, harness.newClient(), new ReplyWriter(sink));
        byte[] key = BenchData.key(1);
        byte[] value = BenchData.value();
        set = Args.of(Ascii.bytes("SET"), key, value);
        get = Args.of(Ascii.bytes("GET"), key);
        incr = Args.of("INCR", "counter");
        ping = Args.of("PING");
        byte[][] msetArgs = new byte[1 + 2 * MSET_KEYS][];
        msetArgs[0] = Ascii.bytes("MSET");
        for (int i = 0; i < MSET_KEYS; i++) {
            msetArgs[1 + 2 * i] = BenchData.key(i + 1);
            msetArgs[2 + 2 * i] = value;
        }
        mset = Args.of(msetArgs);
        // An error reply would measure the wrong path: check each command answers as intended.
        expectReply(set, "+OK\r\n");
        expectReply(get, "$" + value.length + "\r\n" + Ascii.string(value) + "\r\n");
        expectReply(incr, ":1\r\n");
        expectReply(ping, "+PONG\r\n");
        expectReply(mset, "+OK\r\n");
    }

    private void expectReply(Args command, String expected) {
        run(command);
        if (!sink.lastChunk().equals(expected)) {
            throw new IllegalStateException(command.string(0) + " replied " + sink.lastChunk());
        }
    }

    private long run(Args command) {
        client.setArgs(command);
        engine.executionLock().lock();
        try {
            engine.dispatcher().dispatch(client);
            client.reply().drain();
            engine.beforeSleep();
        } finally {
            engine.executionLock().unlock();
        }
        return sink.written();
    }

    @Benchmark
    public long getExistingKey() {
        return run(get);
    }

    @Benchmark
    public long set() {
        return run(set);
    }

    @Benchmark
    public long incr() {
        return run(incr);
    }

    @Benchmark
    public long ping() {
        return run(ping);
    }

    @Benchmark
    public long msetTenKeys() {
        return run(mset);
    }
}
