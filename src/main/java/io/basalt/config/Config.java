package io.basalt.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The running configuration: one value per directive, readable from any thread, changed
 * through {@link #set} / {@link #setAll} which validate and then notify the directive's
 * listeners (the parts of the server that apply the change). A listener may refuse a value
 * by throwing {@link Rejected}; {@link #setAll} then restores every value it changed, as
 * Redis's CONFIG SET does when an apply function fails.
 */
public final class Config {
    private final Object[] values;
    private final List<List<Consumer<Object>>> listeners;
    private final boolean[] explicitlySet;

    /** Thrown by a listener that cannot apply a value; the message is Redis's reason text. */
    public static final class Rejected extends RuntimeException {
        public Rejected(String message) {
            super(message, null, false, false);
        }
    }

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

    /** True if the file, the command line or CONFIG SET named this directive. */
    public boolean wasSet(Directive d) {
        return explicitlySet[d.index()];
    }

    /** The value as CONFIG GET prints it. */
    public String format(Directive d) {
        return d.type().format(get(d));
    }

    /** Parses and stores a value, then tells the listeners. */
    public void set(Directive d, List<String> args) throws ConfigException {
        Object v = d.type().parse(args, get(d));
        setValue(d, v);
    }

    /** Stores a parsed value; listeners run only when it differs from the current one. */
    public void setValue(Directive d, Object v) {
        Object old = values[d.index()];
        values[d.index()] = v;
        explicitlySet[d.index()] = true;
        if (!v.equals(old)) notifyListeners(d, v);
    }

    /**
     * Stores several parsed values at once and then applies them; if a listener refuses one,
     * every value is restored (and re-applied) and the refusal is rethrown with the directive.
     */
    public void setAll(List<Directive> directives, List<Object> newValues) throws Refused {
        int n = directives.size();
        Object[] old = new Object[n];
        boolean[] oldSet = new boolean[n];
        for (int i = 0; i < n; i++) {
            Directive d = directives.get(i);
            old[i] = values[d.index()];
            oldSet[i] = explicitlySet[d.index()];
            values[d.index()] = newValues.get(i);
            explicitlySet[d.index()] = true;
        }
        for (int i = 0; i < n; i++) {
            Directive d = directives.get(i);
            if (newValues.get(i).equals(old[i])) continue;
            try {
                notifyListeners(d, newValues.get(i));
            } catch (Rejected e) {
                for (int j = 0; j < n; j++) {
                    Directive r = directives.get(j);
                    values[r.index()] = old[j];
                    explicitlySet[r.index()] = oldSet[j];
                }
                for (int j = 0; j <= i; j++) {
                    Directive r = directives.get(j);
                    if (old[j].equals(newValues.get(j))) continue;
                    try {
                        notifyListeners(r, old[j]);
                    } catch (Rejected ignored) {
                        // Redis only logs a failure to restore; the old value stays recorded.
                    }
                }
                throw new Refused(d, e.getMessage());
            }
        }
    }

    /** A value that a listener refused during {@link #setAll}. */
    public static final class Refused extends Exception {
        private final transient Directive directive;

        Refused(Directive directive, String message) {
            super(message, null, false, false);
            this.directive = directive;
        }

        public Directive directive() {
            return directive;
        }
    }

    private void notifyListeners(Directive d, Object v) {
        for (Consumer<Object> l : listeners.get(d.index())) l.accept(v);
    }

    /** Runs {@code apply} now with the current value and again on every change. */
    public void watch(Directive d, Consumer<Object> apply) {
        listeners.get(d.index()).add(apply);
        apply.accept(get(d));
    }
}
