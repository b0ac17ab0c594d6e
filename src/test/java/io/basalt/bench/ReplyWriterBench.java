package io.basalt.bench;

import io.basalt.protocol.ReplyWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * Encoding one reply and draining it to the connection's sink, as happens at the end of a
 * read batch of one command. Scores are per reply.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ReplyWriterBench {
    private static final int ARRAY_LENGTH = 10;
    /** Past the shared integers 0..9999, so the number is formatted, not copied. */
    private static final long INTEGER = 12_345_678;

    private final ReplyCapture sink = new ReplyCapture();
    private final ReplyWriter reply = new ReplyWriter(sink);
    private byte[] value;

    @Setup
    public void createValue() {
        value = BenchData.value();
    }

    @Benchmark
    public long bulk() {
        reply.bulk(value);
        reply.drain();
        return sink.written();
    }

    @Benchmark
    public long integer() {
        reply.integer(INTEGER);
        reply.drain();
        return sink.written();
    }

    @Benchmark
    public long ok() {
        reply.ok();
        reply.drain();
        return sink.written();
    }

    @Benchmark
    public long arrayOfBulks() {
        reply.array(ARRAY_LENGTH);
        for (int i = 0; i < ARRAY_LENGTH; i++) reply.bulk(value);
        reply.drain();
        return sink.written();
    }
}
