package io.basalt.bench;

import io.basalt.protocol.Args;
import io.basalt.protocol.ProtocolException;
import io.basalt.protocol.RequestDecoder;
import io.basalt.testing.RawClient;
import io.basalt.util.Ascii;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;

/**
 * Decoding one read batch of {@value #BATCH} pipelined commands, as a connection does: the
 * bytes are appended to the query buffer, every complete command is taken out as argument
 * slices, then the consumed bytes are dropped. Scores are per command.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(RequestDecoderBench.BATCH)
public class RequestDecoderBench {
    static final int BATCH = 16;
    /** proto-max-bulk-len's default. */
    private static final long MAX_BULK_LEN = 512L * 1024 * 1024;

    private final RequestDecoder decoder = new RequestDecoder();
    private final Args args = new Args();
    private byte[] setBatch;
    private byte[] getBatch;
    private byte[] inlinePingBatch;

    @Setup
    public void encodeBatches() throws ProtocolException {
        byte[] value = BenchData.value();
        ByteArrayOutputStream sets = new ByteArrayOutputStream();
        ByteArrayOutputStream gets = new ByteArrayOutputStream();
        ByteArrayOutputStream pings = new ByteArrayOutputStream();
        for (int i = 1; i <= BATCH; i++) {
            sets.writeBytes(RawClient.multibulk(Ascii.bytes("SET"), BenchData.key(i), value));
            gets.writeBytes(RawClient.multibulk(Ascii.bytes("GET"), BenchData.key(i)));
            pings.writeBytes(Ascii.bytes("PING\r\n"));
        }
        setBatch = sets.toByteArray();
        getBatch = gets.toByteArray();
        inlinePingBatch = pings.toByteArray();
        // A batch that failed to decode would measure an error path instead.
        expectArguments(setBatch, BATCH * 3);
        expectArguments(getBatch, BATCH * 2);
        expectArguments(inlinePingBatch, BATCH);
    }

    private void expectArguments(byte[] batch, int expected) throws ProtocolException {
        int argc = 0;
        decoder.append(batch, 0, batch.length);
        while (decoder.next(args, false, MAX_BULK_LEN)) argc += args.count();
        decoder.compact();
        if (argc != expected || decoder.pendingBytes() != 0) {
            throw new IllegalStateException("decoded " + argc + " arguments, expected " + expected);
        }
    }

    /** Returns the argument bytes seen, so that nothing the decoder produced is dead code. */
    private long decode(byte[] batch) throws ProtocolException {
        decoder.append(batch, 0, batch.length);
        long seen = 0;
        while (decoder.next(args, false, MAX_BULK_LEN)) {
            for (int i = 0; i < args.count(); i++) seen += args.length(i);
        }
        decoder.compact();
        return seen;
    }

    @Benchmark
    public long multibulkSet() throws ProtocolException {
        return decode(setBatch);
    }

    @Benchmark
    public long multibulkGet() throws ProtocolException {
        return decode(getBatch);
    }

    @Benchmark
    public long inlinePing() throws ProtocolException {
        return decode(inlinePingBatch);
    }
}
