package io.basalt.command;

import io.basalt.util.LatencyHistogram;

import java.util.List;
import java.util.Map;

/**
 * One command (or subcommand) as declared in {@code commands.json}: the facts COMMAND INFO
 * and COMMAND DOCS report, the handler bound to it, and its call statistics.
 */
public final class CommandSpec {
    private final String name;
    private final String fullName;
    private final int arity;
    private final long flags;
    private final List<String> flagNames;
    private final int firstKey;
    private final int lastKey;
    private final int keyStep;
    private final List<String> aclCategories;
    private final List<String> tips;
    private final List<Map<String, Object>> keySpecs;
    private final Map<String, Object> docs;
    private final KeySpecs keys;
    private final CommandSpec parent;
    private Map<String, CommandSpec> subcommands = Map.of();
    private List<CommandSpec> subcommandOrder = List.of();
    private Handler handler;

    /** Statistics for INFO commandstats; mutated only inside the execution order. */
    public long calls;
    public long microseconds;
    public long rejectedCalls;
    public long failedCalls;
    /** Latency of each call in ns (INFO latencystats, LATENCY HISTOGRAM); null until the first tracked call. */
    public LatencyHistogram latencyHistogram;

    CommandSpec(String fullName, CommandSpec parent, int arity, long flags, List<String> flagNames,
                int firstKey, int lastKey, int keyStep, List<String> aclCategories, List<String> tips,
                List<Map<String, Object>> keySpecs, Map<String, Object> docs) {
        this.fullName = fullName;
        this.name = parent == null ? fullName : fullName.substring(fullName.indexOf('|') + 1);
        this.parent = parent;
        this.arity = arity;
        this.flags = flags;
        this.flagNames = flagNames;
        this.firstKey = firstKey;
        this.lastKey = lastKey;
        this.keyStep = keyStep;
        this.aclCategories = aclCategories;
        this.tips = tips;
        this.keySpecs = keySpecs;
        this.docs = docs;
        this.keys = KeySpecs.compile(fullName, arity, (flags & CommandFlag.MODULE.bit) != 0, keySpecs);
    }

    void setSubcommands(List<CommandSpec> ordered, Map<String, CommandSpec> byName) {
        this.subcommandOrder = ordered;
        this.subcommands = byName;
    }

    void bind(Handler h) {
        this.handler = h;
    }

    /** Name within its parent: "get", or "get" for "config|get". */
    public String name() {
        return name;
    }

    /** "config|get" for subcommands, as Redis reports it in errors and stats. */
    public String fullName() {
        return fullName;
    }

    public CommandSpec parent() {
        return parent;
    }

    public int arity() {
        return arity;
    }

    public long flags() {
        return flags;
    }

    public boolean has(CommandFlag f) {
        return (flags & f.bit) != 0;
    }

    public List<String> flagNames() {
        return flagNames;
    }

    public int firstKey() {
        return firstKey;
    }

    public int lastKey() {
        return lastKey;
    }

    public int keyStep() {
        return keyStep;
    }

    public List<String> aclCategories() {
        return aclCategories;
    }

    public List<String> tips() {
        return tips;
    }

    public List<Map<String, Object>> keySpecs() {
        return keySpecs;
    }

    public Map<String, Object> docs() {
        return docs;
    }

    /** The compiled key specs: where this command's keys are in an invocation. */
    public KeySpecs keys() {
        return keys;
    }

    /** COMMAND DOCS's group ("string", "server"...). */
    public String group() {
        return docString("group");
    }

    /** COMMAND DOCS's since, or "" when Redis gives none. */
    public String since() {
        return docString("since");
    }

    /** COMMAND DOCS's summary, or "" when Redis gives none. */
    public String summary() {
        return docString("summary");
    }

    private String docString(String key) {
        Object v = docs.get(key);
        return v == null ? "" : (String) v;
    }

    public boolean isContainer() {
        return !subcommandOrder.isEmpty();
    }

    public List<CommandSpec> subcommands() {
        return subcommandOrder;
    }

    public CommandSpec subcommand(String lowerName) {
        return subcommands.get(lowerName);
    }

    public Handler handler() {
        return handler;
    }

    public void resetStats() {
        calls = microseconds = rejectedCalls = failedCalls = 0;
        latencyHistogram = null;
    }

    @Override
    public String toString() {
        return fullName;
    }
}
