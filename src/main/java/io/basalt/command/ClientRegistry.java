package io.basalt.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Every connected client by id, plus the MONITOR subscribers. Used inside the execution order. */
public final class ClientRegistry {
    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<Long, Client> byId = new LinkedHashMap<>();
    private final List<Client> monitors = new ArrayList<>();

    public long newId() {
        return nextId.getAndIncrement();
    }

    public void add(Client c) {
        byId.put(c.id(), c);
    }

    public void remove(Client c) {
        byId.remove(c.id());
        monitors.remove(c);
    }

    public Client get(long id) {
        return byId.get(id);
    }

    public int count() {
        return byId.size();
    }

    /** A snapshot, in connection order. */
    public List<Client> all() {
        return new ArrayList<>(byId.values());
    }

    public void startMonitoring(Client c) {
        if (!monitors.contains(c)) monitors.add(c);
        c.set(Client.MONITOR);
    }

    public void stopMonitoring(Client c) {
        monitors.remove(c);
        c.clear(Client.MONITOR);
    }

    public List<Client> monitors() {
        return monitors;
    }
}
