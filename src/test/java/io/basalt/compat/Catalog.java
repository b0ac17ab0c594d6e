package io.basalt.compat;

import java.util.ArrayList;
import java.util.List;

/**
 * Every command the differential test can generate, by family: a spec names the command
 * (as COMMAND INFO knows it), its weight in the mix and how to build one random request.
 * A spec may also require other commands, e.g. OBJECT ENCODING on hash keys only makes
 * sense once HSET exists. The families are filled in by {@link StringKeyCatalog},
 * {@link CollectionCatalog} and {@link ZSetCatalog}.
 */
final class Catalog {
    @FunctionalInterface
    interface Maker {
        Req make(Universe u);
    }

    record Spec(String family, String command, int weight, List<String> requires, Maker maker) {}

    static final List<String> FAMILIES = List.of("strings", "keys", "hashes", "lists", "sets", "zsets", "geo", "hll", "sort");

    private final List<Spec> specs = new ArrayList<>();

    static Catalog all() {
        Catalog c = new Catalog();
        StringKeyCatalog.register(c);
        CollectionCatalog.register(c);
        ZSetCatalog.register(c);
        return c;
    }

    void add(String family, String command, int weight, Maker maker) {
        specs.add(new Spec(family, command, weight, List.of(), maker));
    }

    /** A spec for {@code command} that runs only once {@code requires} is declared too. */
    void addWith(String family, String command, String requires, int weight, Maker maker) {
        specs.add(new Spec(family, command, weight, List.of(requires), maker));
    }

    List<Spec> specs() {
        return specs;
    }
}
