package io.basalt.keyspace;

import io.basalt.util.Ascii;
import io.basalt.util.ManualClock;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key table against a HashMap model under random inserts, updates and deletes that
 * drive it through many incremental grows and shrinks; and SCAN's guarantee while it does.
 */
class DatabaseModelTest {
    private static byte[] key(int i) {
        return Ascii.bytes("key:" + i);
    }

    @Test
    void matchesAHashMapThroughResizes() {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom rnd = new SplittableRandom(seed);
        Keyspace ks = new Keyspace(1, new ManualClock(0), new AccessClock(new ManualClock(0)));
        Database db = ks.db(0);
        Map<String, Integer> model = new HashMap<>();
        for (int round = 0; round < 200_000; round++) {
            int k = rnd.nextInt(phaseRange(round));
            byte[] kb = key(k);
            int slot = db.slotOf(kb);
            assertThat(slot >= 0).as("seed %d round %d presence of %d", seed, round, k).isEqualTo(model.containsKey("" + k));
            if (slot >= 0) assertThat(db.valueAt(slot)).as("seed %d", seed).isEqualTo(model.get("" + k));
            int op = rnd.nextInt(3);
            if (op < 2) {
                if (slot >= 0) db.setValueAt(slot, round);
                else db.add(kb, round, 0);
                model.put("" + k, round);
            } else if (slot >= 0) {
                db.deleteAt(slot);
                model.remove("" + k);
            }
            assertThat(db.size()).as("seed %d", seed).isEqualTo(model.size());
        }
        for (Map.Entry<String, Integer> e : model.entrySet()) {
            int slot = db.slotOf(Ascii.bytes("key:" + e.getKey()));
            assertThat(db.valueAt(slot)).as("seed %d", seed).isEqualTo(e.getValue());
        }
    }

    /** Ranges that grow then shrink the key population, forcing resizes both ways. */
    private static int phaseRange(int round) {
        int phase = (round / 20_000) % 4;
        return switch (phase) {
            case 0 -> 5_000;
            case 1 -> 40_000;
            case 2 -> 300;
            default -> 20_000;
        };
    }

    @Test
    void scanReturnsEveryStableKeyWhileTheTableResizes() {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int trial = 0; trial < 20; trial++) {
            Keyspace ks = new Keyspace(1, new ManualClock(0), new AccessClock(new ManualClock(0)));
            Database db = ks.db(0);
            int stable = 1 + rnd.nextInt(3000);
            for (int i = 0; i < stable; i++) db.add(key(i), i, 0);
            Set<String> seen = new HashSet<>();
            long cursor = 0;
            int churnBase = 1_000_000;
            int added = 0;
            do {
                cursor = db.scan(cursor, slot -> seen.add(new String(db.keyAt(slot))));
                // Churn: grow or shrink with keys outside the stable set.
                if (rnd.nextBoolean()) {
                    for (int j = rnd.nextInt(500); j > 0; j--) db.add(key(churnBase + added++), 0, 0);
                } else {
                    for (int j = rnd.nextInt(800); j > 0 && added > 0; j--) {
                        int s = db.slotOf(key(churnBase + --added));
                        if (s >= 0) db.deleteAt(s);
                    }
                }
            } while (cursor != 0);
            for (int i = 0; i < stable; i++) {
                assertThat(seen).as("seed %d trial %d", seed, trial).contains("key:" + i);
            }
        }
    }
}
