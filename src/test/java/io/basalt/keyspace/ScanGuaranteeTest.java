package io.basalt.keyspace;

import io.basalt.testing.Harness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SCAN's guarantee, checked through the command: a key present from the first call to the
 * last is returned at least once, while keys come and go between calls and the table grows
 * and shrinks under the cursor. Seeded; a failure names its seed.
 */
class ScanGuaranteeTest {
    private static final int TRIALS = 40;

    @Test
    void everyKeyPresentThroughoutTheScanIsReturned() {
        long base = new SplittableRandom().nextLong();
        int grewAndShrank = 0;
        for (int t = 0; t < TRIALS; t++) {
            long seed = base + t;
            try {
                if (runTrial(seed)) grewAndShrank++;
            } catch (AssertionError e) {
                throw new AssertionError("SCAN guarantee failed with seed " + seed + ": " + e.getMessage(), e);
            }
        }
        // The trials must actually exercise resizing in both directions under a live cursor.
        assertThat(grewAndShrank).as("trials where the table both grew and shrank mid-scan").isGreaterThan(TRIALS / 4);
    }

    /** One full SCAN under random churn; true if the table both grew and shrank during it. */
    private static boolean runTrial(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Harness h = new Harness();
        Database db = h.engine.keyspace().db(0);
        int next = 0;
        List<String> live = new ArrayList<>();
        int initial = rnd.nextInt(0, 1500);
        for (int i = 0; i < initial; i++) {
            String k = "k:" + next++;
            h.raw("SET", k, "v");
            live.add(k);
        }
        // Keys present at the start; those never deleted must be returned.
        Set<String> required = new HashSet<>(live);
        Set<String> returned = new HashSet<>();
        int startCapacity = db.main.capacity();
        boolean grew = false, shrank = false;
        String cursor = "0";
        int calls = 0;
        do {
            List<?> reply = (List<?>) h.call("SCAN", cursor, "COUNT", String.valueOf(rnd.nextInt(1, 40)));
            cursor = (String) reply.get(0);
            for (Object k : (List<?>) reply.get(1)) returned.add((String) k);
            calls++;
            int before = db.main.capacity();
            churn(h, rnd, live, required);
            next = addKeys(h, rnd, live, next);
            int after = db.main.capacity();
            if (after > before || after > startCapacity) grew = true;
            if (after < before || after < startCapacity) shrank = true;
            assertThat(calls).as("SCAN must terminate").isLessThan(1_000_000);
        } while (!cursor.equals("0"));
        Set<String> missing = new HashSet<>(required);
        missing.removeAll(returned);
        assertThat(missing).as("keys present for the whole scan but never returned").isEmpty();
        return grew && shrank;
    }

    /** Deletes a random batch of keys, mostly small, sometimes most of the table so that it shrinks. */
    private static void churn(Harness h, SplittableRandom rnd, List<String> live, Set<String> required) {
        if (live.isEmpty()) return;
        int n;
        int mode = rnd.nextInt(10);
        if (mode < 6) n = rnd.nextInt(0, 5);
        else if (mode < 8) n = rnd.nextInt(0, Math.max(1, live.size() / 4));
        else n = live.size() - rnd.nextInt(0, Math.min(live.size(), 40));
        for (int i = 0; i < n && !live.isEmpty(); i++) {
            int at = rnd.nextInt(live.size());
            String k = live.get(at);
            live.set(at, live.get(live.size() - 1));
            live.remove(live.size() - 1);
            assertThat(h.raw("DEL", k)).isEqualTo(":1\r\n");
            required.remove(k);
        }
    }

    /** Adds a random batch of fresh keys, sometimes enough to grow the table several times. */
    private static int addKeys(Harness h, SplittableRandom rnd, List<String> live, int next) {
        int mode = rnd.nextInt(10);
        int n = mode < 6 ? rnd.nextInt(0, 5) : mode < 9 ? rnd.nextInt(0, 200) : rnd.nextInt(0, 2000);
        for (int i = 0; i < n; i++) {
            String k = "k:" + next++;
            h.raw("SET", k, "v");
            live.add(k);
        }
        return next;
    }
}
