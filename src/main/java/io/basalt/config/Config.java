package io.basalt.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The running configuration: one value per directive, readable from any thread, changed
 * through {@link #set} which validates and then notifies the directive's listeners (the
 * parts of the server that apply the change).
 */
public final class Config {
    private final Object[] values;
    private final List<List<Consumer<Object>>> listeners;
    private final boolean[] explicitlySet;

    public Config() {
        List<Directive> all = Directives.all();
        values = new Object[all.size()];
        explicitlySet = new boolean[all.size()];
        listeners = new ArrayList<>(all.size());
        for (Directive d : all) {
            values[d.index()] = d.defaultValue();
            listeners.add(new ArrayList<>(1));
        }
    }

    public Object get(Directive d) {
        return values[d.index()];
    }

    public long getLong(Directive d) {
        return (Long) values[d.index()];
    }

    public int getInt(Directive d) {
        return (int) (long) (Long) values[d.index()];
    }

    public boolean getBool(Directive d) {
        return (Boolean) values[d.index()];
    }

    public String getString(Directive d) {
        return (String) values[d.index()];
    }

    @SuppressWarnings("unchecked")
    public List<String> getWords(Directive d) {
        return (List<String>) values[d.index()];
    }

    /** True if the file or the command line named this directive. */
    public boolean wasSet(Directive d) {
        return explicitlySet[d.index()];
    }

    public String format(Directive d) {
        return d.type().format(get(d));
    }

    /** Parses and stores a value, then tells the listeners. */
    public void set(Directive d, List<String> args) throws ConfigException {
        Object v = d.type().parse(args);
        setValue(d, v);
    }

    public void setValue(Directive d, Object v) {
        values[d.index()] = v;
        explicitlySet[d.index()] = true;
        for (Consumer<Object> l : listeners.get(d.index())) l.accept(v);
    }

    /** Runs {@code apply} now with the current value and again on every change. */
    public void watch(Directive d, Consumer<Object> apply) {
        listeners.get(d.index()).add(apply);
        apply.accept(get(d));
    }
}
