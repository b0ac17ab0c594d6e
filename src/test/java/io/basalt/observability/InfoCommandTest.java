package io.basalt.observability;

import io.basalt.command.spi.InfoSection;
import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InfoCommandTest {
    /** The body of a RESP2 bulk reply. */
    private static String body(String raw) {
        assertThat(raw).startsWith("$");
        String body = raw.substring(raw.indexOf("\r\n") + 2, raw.length() - 2);
        assertThat(raw).startsWith("$" + body.getBytes(StandardCharsets.UTF_8).length + "\r\n");
        return body;
    }

    private static Map<String, String> fields(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : body.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) out.put(line.substring(0, colon), line.substring(colon + 1));
        }
        return out;
    }

    /** Titles and field names, without the per-command/per-db/per-error lines whose presence varies. */
    private static List<String> layout(String body) {
        List<String> out = new ArrayList<>();
        for (String line : body.split("\r\n")) {
            if (line.isEmpty() || line.matches("^(cmdstat_|latency_percentiles_usec_|errorstat_|db\\d+:).*")) continue;
            out.add(line.startsWith("#") ? line : line.substring(0, line.indexOf(':')));
        }
        return out;
    }

    @Test
    void everythingHasRedisFieldsInRedisOrder() throws IOException {
        List<String> expected;
        try (InputStream in = getClass().getResourceAsStream("info-everything-7.0.15.txt")) {
            expected = Arrays.asList(new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n"));
        }
        Harness h = new Harness();
        assertThat(layout(body(h.raw("INFO", "everything")))).isEqualTo(expected);
        assertThat(layout(body(h.raw("INFO", "all")))).isEqualTo(expected);
    }

    @Test
    void defaultSectionsAndSelection() {
        Harness h = new Harness();
        List<String> titles = new ArrayList<>();
        for (String l : layout(body(h.raw("INFO")))) if (l.startsWith("#")) titles.add(l);
        assertThat(titles).containsExactly("# Server", "# Clients", "# Memory", "# Persistence", "# Stats",
                "# Replication", "# CPU", "# Modules", "# Errorstats", "# Cluster", "# Keyspace");
        assertThat(body(h.raw("INFO", "default"))).startsWith("# Server\r\nredis_version:7.0.15\r\n");
        assertThat(h.raw("INFO", "foo", "bar")).isEqualTo("$0\r\n\r\n");
        assertThat(h.raw("INFO", "CLUSTER", "cluster")).isEqualTo("$30\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n");
        assertThat(h.raw("INFO", "keyspace", "cluster"))
                .isEqualTo("$44\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n# Keyspace\r\n\r\n");
        assertThat(h.raw("INFO", "module_list")).isEqualTo("$11\r\n# Modules\r\n\r\n");
        assertThat(h.raw("INFO", "modules")).isEqualTo("$11\r\n# Modules\r\n\r\n");
        h.raw("HELLO", "3");
        assertThat(h.raw("INFO", "cluster")).isEqualTo("=34\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n");
    }

    @Test
    void replicationOfStandaloneMaster() {
        Harness h = new Harness();
        String repl = body(h.raw("INFO", "replication"));
        assertThat(repl).matches("# Replication\r\nrole:master\r\nconnected_slaves:0\r\nmaster_failover_state:no-failover\r\n"
                + "master_replid:[0-9a-f]{40}\r\nmaster_replid2:0{40}\r\nmaster_repl_offset:0\r\nsecond_repl_offset:-1\r\n"
                + "repl_backlog_active:0\r\nrepl_backlog_size:1048576\r\nrepl_backlog_first_byte_offset:0\r\n"
                + "repl_backlog_histlen:0\r\n");
        Map<String, String> server = fields(body(h.raw("INFO", "server")));
        assertThat(server.get("run_id")).matches("[0-9a-f]{40}");
        assertThat(server.get("tcp_port")).isEqualTo("6379");
        assertThat(server.get("process_id")).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        assertThat(fields(body(h.raw("INFO", "memory"))).get("mem_allocator")).isEqualTo("jvm");
    }

    @Test
    void countersChangeWithCommands() {
        Harness h = new Harness();
        h.raw("SET", "a", "1");
        h.raw("SET", "b", "x", "PX", "100000");
        h.raw("GET", "a");
        h.raw("GET", "missing");
        h.raw("GET", "a", "b");
        h.raw("NOSUCHCOMMAND");
        Map<String, String> f = fields(body(h.raw("INFO", "everything")));
        assertThat(f.get("total_commands_processed")).isEqualTo("4");
        assertThat(f.get("keyspace_hits")).isEqualTo("1");
        assertThat(f.get("keyspace_misses")).isEqualTo("1");
        assertThat(f.get("rdb_changes_since_last_save")).isEqualTo("2");
        assertThat(f.get("rdb_last_save_time")).isEqualTo("1700000000");
        assertThat(f.get("total_error_replies")).isEqualTo("2");
        assertThat(f.get("errorstat_ERR")).isEqualTo("count=2");
        assertThat(f.get("db0")).isEqualTo("keys=2,expires=1,avg_ttl=0");
        assertThat(f.get("cmdstat_set")).matches("calls=2,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,rejected_calls=0,failed_calls=0");
        assertThat(f.get("cmdstat_get")).matches("calls=2,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,rejected_calls=1,failed_calls=0");
        assertThat(f.get("latency_percentiles_usec_set")).matches("p50=\\d+\\.\\d{3},p99=\\d+\\.\\d{3},p99\\.9=\\d+\\.\\d{3}");
        assertThat(f).doesNotContainKey("latency_percentiles_usec_info");
        assertThat(fields(body(h.raw("INFO", "latencystats")))).containsKey("latency_percentiles_usec_info");
        h.clock.advanceMillis(90_000_000L);
        Map<String, String> s = fields(body(h.raw("INFO", "server")));
        assertThat(s.get("uptime_in_seconds")).isEqualTo("90000");
        assertThat(s.get("uptime_in_days")).isEqualTo("1");
    }

    @Test
    void latencyPercentilesFollowConfig() {
        Harness h = new Harness("latency-tracking-info-percentiles", "50 99.99 100");
        h.raw("PING");
        assertThat(fields(body(h.raw("INFO", "latencystats"))).get("latency_percentiles_usec_ping"))
                .matches("p50=\\d+\\.\\d{3},p99\\.99=\\d+\\.\\d{3},p100=\\d+\\.\\d{3}");
        Harness off = new Harness("latency-tracking", "no");
        off.raw("PING");
        assertThat(off.raw("INFO", "latencystats")).isEqualTo("$16\r\n# Latencystats\r\n\r\n");
    }

    @Test
    void replicationAndAofBuffersAreOverheadNotDataset() {
        Harness h = new Harness();
        Map<String, String> before = fields(body(h.raw("INFO", "memory")));
        h.engine.info().setGauge("mem_total_replication_buffers", () -> 500_000);
        h.engine.info().setGauge("mem_aof_buffer", () -> 4_096);
        Map<String, String> after = fields(body(h.raw("INFO", "memory")));
        assertThat(Long.parseLong(after.get("used_memory_overhead")) - Long.parseLong(before.get("used_memory_overhead")))
                .isEqualTo(504_096);
        assertThat(after.get("used_memory_dataset")).isEqualTo(before.get("used_memory_dataset"));
    }

    @Test
    void layersReplaceAndExtendSections() {
        Harness h = new Harness();
        h.engine.info().register(new InfoSection() {
            public String name() {
                return "cluster";
            }

            public String title() {
                return "Cluster";
            }

            public boolean isDefault() {
                return true;
            }

            public void appendFields(StringBuilder out) {
                out.append("cluster_enabled:1\r\n");
            }
        });
        h.engine.info().extend("cluster", out -> out.append("extra:1\r\n"));
        h.engine.info().setGauge("pubsub_channels", () -> 7);
        assertThat(h.raw("INFO", "cluster")).isEqualTo("$39\r\n# Cluster\r\ncluster_enabled:1\r\nextra:1\r\n\r\n");
        assertThat(fields(body(h.raw("INFO", "stats"))).get("pubsub_channels")).isEqualTo("7");
        assertThat(layout(body(h.raw("INFO", "everything"))).indexOf("# Cluster"))
                .isGreaterThan(layout(body(h.raw("INFO", "everything"))).indexOf("# Latencystats"));
    }
}
