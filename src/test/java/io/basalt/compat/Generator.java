package io.basalt.compat;

import java.util.List;

/**
 * Draws requests from the enabled specs by weight and damages a few percent of them on
 * purpose (an argument dropped, one too many, one replaced by a non-number or a flag), so
 * arity, syntax and parse errors are compared too. Key names are never replaced, so every
 * key written stays in the universe and keeps its prefix's invariants.
 */
final class Generator {
    static final int DAMAGE_PERCENT = 3;
    private static final String[] EXTRA = {"extra", "1", "WITHSCORES", "COUNT", "NX"};
    private static final String[] REPLACEMENT = {"notanumber", "-1", "", "1.5", "9223372036854775808", "NX", "0"};

    record Generated(Catalog.Spec spec, Req req) {}

    private final Universe u;
    private final List<Catalog.Spec> specs;
    private final int[] cumulative;

    Generator(Universe u, List<Catalog.Spec> enabled) {
        if (enabled.isEmpty()) throw new IllegalArgumentException("no command to generate");
        this.u = u;
        this.specs = enabled;
        cumulative = new int[enabled.size()];
        int sum = 0;
        for (int i = 0; i < cumulative.length; i++) cumulative[i] = sum += enabled.get(i).weight();
    }

    Generated next() {
        int draw = u.rnd.nextInt(cumulative[cumulative.length - 1]);
        int i = 0;
        while (cumulative[i] <= draw) i++;
        Catalog.Spec spec = specs.get(i);
        Req req = spec.maker().make(u);
        if (req.mutable && u.chance(DAMAGE_PERCENT)) damage(req);
        return new Generated(spec, req);
    }

    private void damage(Req req) {
        List<String> a = req.args;
        switch (u.rnd.nextInt(3)) {
            case 0 -> {
                if (a.size() > 1) a.remove(a.size() - 1);
            }
            case 1 -> a.add(u.pick(EXTRA));
            default -> {
                int i = 1 + u.rnd.nextInt(Math.max(1, a.size() - 1));
                if (i < a.size() && !u.isKey(a.get(i))) a.set(i, u.pick(REPLACEMENT));
            }
        }
    }
}
