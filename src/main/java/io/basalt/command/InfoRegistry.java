package io.basalt.command;

import io.basalt.command.spi.InfoSection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The INFO sections in output order, and Redis's section selection (genInfoSectionDict +
 * genRedisInfoString): names are case-insensitive, "default" adds the default sections,
 * "all" and "everything" select every section; unknown names select nothing.
 */
public final class InfoRegistry {
    private final List<InfoSection> sections = new ArrayList<>();
    private final Map<String, List<InfoSection.Fields>> extensions = new HashMap<>();
    private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();

    /** Redis's section order; sections of other names follow them in registration order. */
    private static final List<String> ORDER = List.of("server", "clients", "memory", "persistence", "stats", "replication",
            "cpu", "modules", "commandstats", "errorstats", "latencystats", "cluster", "keyspace");

    /** Adds a section at its place in Redis's order, or replaces the section of the same name. */
    public synchronized void register(InfoSection section) {
        for (int i = 0; i < sections.size(); i++) {
            if (sections.get(i).name().equals(section.name())) {
                sections.set(i, section);
                return;
            }
        }
        int rank = rank(section.name());
        int at = sections.size();
        while (at > 0 && rank(sections.get(at - 1).name()) > rank) at--;
        sections.add(at, section);
    }

    private static int rank(String name) {
        int i = ORDER.indexOf(name);
        return i < 0 ? ORDER.size() : i;
    }

    /** Appends {@code fields} after the own fields of section {@code name}. */
    public synchronized void extend(String name, InfoSection.Fields fields) {
        extensions.computeIfAbsent(name, k -> new ArrayList<>()).add(fields);
    }

    /**
     * Supplies the value of a numeric INFO field owned by another layer
     * ("pubsub_channels", "blocked_clients", "sync_full"...); built-in sections print 0 for a
     * field nobody supplies, as a fresh Redis does.
     */
    public void setGauge(String field, LongSupplier value) {
        gauges.put(field, value);
    }

    public long gauge(String field) {
        LongSupplier s = gauges.get(field);
        return s == null ? 0 : s.getAsLong();
    }

    public synchronized List<InfoSection> sections() {
        return List.copyOf(sections);
    }

    /** The INFO text for the arguments after "INFO". */
    public String render(List<String> args) {
        boolean all = false;
        Set<String> requested = new HashSet<>();
        boolean defaults = args.isEmpty();
        for (String a : args) {
            String lower = a.toLowerCase(Locale.ROOT);
            if (lower.equals("default")) defaults = true;
            else if (lower.equals("all") || lower.equals("everything")) all = true;
            else requested.add(lower);
        }
        StringBuilder out = new StringBuilder(4096);
        int count = 0;
        for (InfoSection s : sections()) {
            if (!all && !(defaults && s.isDefault()) && !selected(s, requested)) continue;
            if (count++ > 0) out.append("\r\n");
            out.append("# ").append(s.title()).append("\r\n");
            s.appendFields(out);
            List<InfoSection.Fields> extra;
            synchronized (this) {
                extra = extensions.get(s.name());
                extra = extra == null ? List.of() : List.copyOf(extra);
            }
            for (InfoSection.Fields f : extra) f.appendFields(out);
        }
        return out.toString();
    }

    private static boolean selected(InfoSection s, Set<String> requested) {
        for (String r : requested) if (s.selectedBy(r)) return true;
        return false;
    }
}
