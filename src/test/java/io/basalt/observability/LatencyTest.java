package io.basalt.observability;

import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyTest {
    @Test
    void eventsLatestHistoryReset() {
        Harness h = new Harness("latency-monitor-threshold", "10");
        LatencyMonitor m = h.engine.service(Observer.class).latency();
        assertThat(h.raw("LATENCY", "LATEST")).isEqualTo("*0\r\n");
        assertThat(h.raw("LATENCY", "HISTORY", "command")).isEqualTo("*0\r\n");
        m.addSample("command", 20, 1000);
        m.addSample("command", 15, 1000);
        m.addSample("command", 12, 1001);
        m.addSample("fast-command", 11, 1002);
        assertThat(h.raw("LATENCY", "LATEST")).isEqualTo("*2\r\n*4\r\n$7\r\ncommand\r\n:1001\r\n:12\r\n:20\r\n"
                + "*4\r\n$12\r\nfast-command\r\n:1002\r\n:11\r\n:11\r\n");
        assertThat(h.raw("LATENCY", "HISTORY", "command")).isEqualTo("*2\r\n*2\r\n:1000\r\n:20\r\n*2\r\n:1001\r\n:12\r\n");
        assertThat(h.raw("LATENCY", "HISTORY", "COMMAND")).isEqualTo("*0\r\n");
        assertThat(h.raw("LATENCY", "RESET", "COMMAND", "nosuch")).isEqualTo(":1\r\n");
        assertThat(h.raw("LATENCY", "RESET")).isEqualTo(":1\r\n");
        assertThat(h.raw("LATENCY", "HISTORY")).isEqualTo("-ERR wrong number of arguments for 'latency|history' command\r\n");
        assertThat(h.raw("LATENCY", "foo")).isEqualTo("-ERR unknown subcommand 'foo'. Try LATENCY HELP.\r\n");
    }

    @Test
    void doctor() {
        Harness off = new Harness();
        assertThat((String) off.call("LATENCY", "DOCTOR")).startsWith("I'm sorry, Dave, I can't do that.");
        Harness h = new Harness("latency-monitor-threshold", "10");
        assertThat((String) h.call("LATENCY", "DOCTOR")).isEqualTo("Dave, no latency spike was observed during the "
                + "lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sit down "
                + "calmly, take a stress pill, and think things over.\n");
        long now = h.clock.millis() / 1000;
        h.engine.service(Observer.class).latency().addSample("command", 20, now - 1);
        assertThat((String) h.call("LATENCY", "DOCTOR")).startsWith("Dave, I have observed latency spikes in this Redis "
                + "instance. You don't mind talking about it, do you Dave?\n\n1. command: 1 latency spikes (average "
                + "20ms, mean deviation 0ms, period 1.00 sec). Worst all time event 20ms.\n\nI have a few advices for you:\n\n"
                + "- Check your Slow Log");
    }

    @Test
    void histogramPerCommand() {
        Harness h = new Harness();
        h.raw("SET", "a", "b");
        h.raw("SET", "a", "b");
        assertThat(h.raw("LATENCY", "HISTOGRAM", "set", "nosuch"))
                .isEqualTo("*2\r\n$3\r\nset\r\n*4\r\n$5\r\ncalls\r\n:2\r\n$14\r\nhistogram_usec\r\n*2\r\n:1\r\n:2\r\n");
        h.raw("HELLO", "3");
        assertThat(h.raw("LATENCY", "HISTOGRAM", "set"))
                .isEqualTo("%1\r\n$3\r\nset\r\n%2\r\n$5\r\ncalls\r\n:2\r\n$14\r\nhistogram_usec\r\n%1\r\n:1\r\n:2\r\n");
        assertThat(h.raw("LATENCY", "HISTOGRAM", "client")).isEqualTo("%0\r\n");
    }

    @Test
    void histogramBuckets() {
        Harness h = new Harness();
        io.basalt.command.CommandSpec spec = h.engine.commands().find("get");
        spec.latencyHistogram = new io.basalt.util.LatencyHistogram();
        for (long us : new long[]{0, 16, 560, 3000, 100_200}) spec.latencyHistogram.record(us * 1000);
        assertThat(h.raw("LATENCY", "HISTOGRAM", "get")).isEqualTo("*2\r\n$3\r\nget\r\n*4\r\n$5\r\ncalls\r\n:5\r\n"
                + "$14\r\nhistogram_usec\r\n*10\r\n:1\r\n:1\r\n:16\r\n:2\r\n:1056\r\n:3\r\n:4227\r\n:4\r\n:135266\r\n:5\r\n");
    }
}
