package io.basalt.it;

import io.basalt.testing.ManagedProcess;
import io.basalt.testing.RedisProcess;
import io.basalt.testing.ReplicationNodes;
import io.basalt.testing.ReplicationNodes.Kind;
import io.basalt.testing.ReplicationNodes.Node;
import io.basalt.testing.ReplicationNodes.Roles;
import io.basalt.testing.Resp;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seeds' layout, automated: a password-protected master and two replicas, each started
 * from its own config file (requirepass, masterauth, replicaof). Writes on the master reach
 * both replicas; a write on a replica gets Redis's READONLY error; INFO replication and ROLE
 * on each node look exactly like the same topology of real redis-servers (observed first, in
 * {@link #observeRedis()}): the same field names in the same order, the same values wherever
 * they do not depend on ports, ids, offsets or timing, and ports where they name a node.
 */
class ReplicationSeedsLayoutIT {
    private static final String PASSWORD = "123456";
    private static final String READONLY = "-READONLY You can't write against a read only replica.\r\n";
    /** INFO replication fields whose values are the same in any run of this topology. */
    private static final List<String> STABLE_FIELDS = List.of("role", "connected_slaves", "master_failover_state",
            "master_replid2", "second_repl_offset", "repl_backlog_active", "repl_backlog_size", "master_host",
            "master_link_status", "master_sync_in_progress", "slave_priority", "slave_read_only", "replica_announced");

    /** The topology of real redis-servers: one master view, then one view per replica. */
    private static List<View> reference;

    /** What a test compares on one node: INFO replication's names, its stable values (ports as roles), ROLE's shape. */
    record View(List<String> fields, Map<String, String> values, String role) {}

    record Layout(Node master, Node replica1, Node replica2) {
        List<Node> all() {
            return List.of(master, replica1, replica2);
        }
    }

    @BeforeAll
    static void observeRedis() throws Exception {
        Assumptions.assumeTrue(RedisProcess.available(), "redis-server is not installed");
        try (ReplicationNodes nodes = new ReplicationNodes()) {
            reference = observe(start(nodes, new Roles(Kind.REDIS, Kind.REDIS)));
        }
    }

    /** The config file of one node, as the seeds write them; replicas name their master. */
    private static ManagedProcess.ConfigText config(Integer masterPort) {
        return (port, dir) -> String.join("\n",
                "port " + port,
                "bind 127.0.0.1",
                "dir " + dir,
                "save \"\"",
                "appendonly no",
                "enable-debug-command yes",
                "repl-diskless-sync-delay 0",
                "requirepass " + PASSWORD,
                "masterauth " + PASSWORD,
                masterPort == null ? "" : "replicaof 127.0.0.1 " + masterPort,
                "");
    }

    /** Starts the layout and waits until the master lists both replicas online and they have caught up. */
    private static Layout start(ReplicationNodes nodes, Roles roles) throws IOException {
        Node master = nodes.startWithConfig(roles.master(), PASSWORD, config(null));
        Node r1 = nodes.startWithConfig(roles.replica(), PASSWORD, config(master.port()));
        Node r2 = nodes.startWithConfig(roles.replica(), PASSWORD, config(master.port()));
        ReplicationNodes.await(Duration.ofSeconds(30), () -> {
            Map<String, String> info = master.replication();
            boolean online = "2".equals(info.get("connected_slaves")) && info.getOrDefault("slave0", "").contains("state=online")
                    && info.getOrDefault("slave1", "").contains("state=online");
            return online ? null : "both replicas online on the master: " + info;
        });
        ReplicationNodes.awaitConverged(master, r1, r2);
        return new Layout(master, r1, r2);
    }

    private static List<View> observe(Layout layout) throws IOException {
        List<View> out = new ArrayList<>();
        for (Node n : layout.all()) out.add(view(n, layout));
        return out;
    }

    private static View view(Node node, Layout layout) throws IOException {
        Map<String, String> info = node.replication();
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : info.entrySet()) {
            String name = e.getKey();
            if (STABLE_FIELDS.contains(name)) values.put(name, e.getValue());
            else if (name.equals("master_port")) values.put(name, portName(e.getValue(), layout));
            else if (name.matches("slave\\d+")) values.put(name, replicaLine(e.getValue(), layout));
        }
        Object role = Resp.parse(node.call("ROLE").getBytes(StandardCharsets.UTF_8));
        return new View(List.copyOf(info.keySet()), values, shape(role, layout).toString());
    }

    /** {@code ip=..,port=..,state=..,offset=..,lag=..} with the port named and the numbers that vary hidden. */
    private static String replicaLine(String line, Layout layout) {
        StringBuilder out = new StringBuilder();
        for (String part : line.split(",")) {
            String[] kv = part.split("=", 2);
            String v = switch (kv[0]) {
                case "port" -> portName(kv[1], layout);
                case "offset", "lag" -> kv[1].matches("\\d+") ? "<n>" : kv[1];
                default -> kv[1];
            };
            if (!out.isEmpty()) out.append(',');
            out.append(kv[0]).append('=').append(v);
        }
        return out.toString();
    }

    private static String portName(String port, Layout layout) {
        if (port.equals(Integer.toString(layout.master().port()))) return "<master port>";
        if (port.equals(Integer.toString(layout.replica1().port())) || port.equals(Integer.toString(layout.replica2().port()))) {
            return "<replica port>";
        }
        return port;
    }

    /** A ROLE reply with ports named, other numbers shown by their RESP type only. */
    private static Object shape(Object reply, Layout layout) {
        if (reply instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object o : list) out.add(shape(o, layout));
            return out;
        }
        String named = portName(String.valueOf(reply), layout);
        if (!named.equals(String.valueOf(reply))) return named + (reply instanceof Long ? ":int" : ":bulk");
        if (reply instanceof Long) return "<int>";
        if (reply instanceof String s && s.matches("\\d+")) return "<digits>";
        return reply;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.basalt.testing.ReplicationNodes#roles")
    void masterAndTwoReplicasFromConfigFiles(Roles roles) throws Exception {
        try (ReplicationNodes nodes = new ReplicationNodes()) {
            Layout layout = start(nodes, roles);
            Node master = layout.master();
            assertThat(master.call("SET", "k1", "v1")).isEqualTo("+OK\r\n");
            assertThat(master.call("HSET", "h1", "f", "v")).isEqualTo(":1\r\n");
            assertThat(master.call("RPUSH", "l1", "a", "b")).isEqualTo(":2\r\n");
            ReplicationNodes.awaitSameData(master, layout.replica1(), layout.replica2());
            for (Node replica : List.of(layout.replica1(), layout.replica2())) {
                assertThat(replica.call("GET", "k1")).as("%s", replica).isEqualTo("$2\r\nv1\r\n");
                assertThat(replica.call("SET", "k1", "other")).as("%s", replica).isEqualTo(READONLY);
                assertThat(replica.call("DEL", "h1")).as("%s", replica).isEqualTo(READONLY);
                assertThat(replica.replication().get("master_replid")).as("%s", replica)
                        .isEqualTo(master.replication().get("master_replid"));
            }

            List<View> seen = observe(layout);
            String[] names = {"master", "replica 1", "replica 2"};
            for (int i = 0; i < seen.size(); i++) {
                View got = seen.get(i), want = reference.get(i);
                assertThat(got.fields()).as("INFO replication field names on the %s", names[i])
                        .containsExactlyElementsOf(want.fields());
                assertThat(got.values()).as("INFO replication values on the %s", names[i]).isEqualTo(want.values());
                assertThat(got.role()).as("ROLE on the %s", names[i]).isEqualTo(want.role());
            }
        }
    }
}
