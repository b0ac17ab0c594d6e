package io.basalt.keyspace;

import io.basalt.util.ManualClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fork-less snapshot's contract under random churn: every key present at the start is
 * delivered exactly once with the value and expiry it had then, and nothing created later
 * is delivered, whatever inserts (and growth), deletions (and cluster shifts, shrinking),
 * overwrites, expiry changes and incremental rehashing happen between walk steps.
 */
class DatabaseSnapshotTest {
    private record Entry(Object value, long expireAt) {}

    @Test
    void deliversExactlyTheStartingStateUnderChurn() {
        for (long seed = 1; seed <= 60; seed++) run(seed);
    }

    private static void run(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Keyspace ks = new Keyspace(1, new ManualClock(0), new AccessClock(new ManualClock(0)));
        Database db = ks.db(0);
        List<byte[]> live = new ArrayList<>();
        int initial = 50 + r.nextInt(3000);
        int next = 0;
        for (; next < initial; next++) live.add(add(db, next, r));
        // Sometimes start in the middle of a resize (two generations to walk).
        if (r.nextBoolean()) {
            for (int i = 0; i < initial / 2; i++) live.add(add(db, next++, r));
        }
        Map<String, Entry> expected = new HashMap<>();
        for (byte[] k : live) {
            int slot = db.slotOf(k);
            expected.put(str(k), new Entry(db.valueAt(slot), db.expireOf(k)));
        }
        Map<String, Entry> got = new HashMap<>();
        DatabaseSnapshot snap = db.beginSnapshot((dbId, key, value, expireAt, access) -> {
            Entry previous = got.put(str(key), new Entry(value, expireAt));
            assertNull(previous, "delivered twice: " + str(key) + " (seed " + seed + ")");
        });
        boolean more = true;
        while (more) {
            int ops = r.nextInt(20);
            for (int i = 0; i < ops; i++) {
                int op = r.nextInt(10);
                if (op < 3) {
                    live.add(add(db, next++, r));
                } else if (op < 6 && !live.isEmpty()) {
                    byte[] k = live.remove(r.nextInt(live.size()));
                    db.deleteAt(db.slotOf(k));
                } else if (op < 8 && !live.isEmpty()) {
                    byte[] k = live.get(r.nextInt(live.size()));
                    db.setValueAt(db.slotOf(k), new Object());
                } else if (op < 9 && !live.isEmpty()) {
                    byte[] k = live.get(r.nextInt(live.size()));
                    if (r.nextBoolean()) db.setExpireAt(db.slotOf(k), r.nextLong(1, 1L << 40));
                    else db.removeExpireAt(db.slotOf(k));
                } else {
                    db.rehashFor(r.nextInt(2) * 50_000);
                }
            }
            int steps = 1 + r.nextInt(5);
            for (int i = 0; i < steps && more; i++) more = snap.step();
        }
        snap.end();
        assertEquals(expected.keySet(), got.keySet(), "seed " + seed);
        for (var e : expected.entrySet()) {
            assertSame(e.getValue().value(), got.get(e.getKey()).value(), e.getKey());
            assertEquals(e.getValue().expireAt(), got.get(e.getKey()).expireAt(), e.getKey());
        }
        // Afterwards every entry is done: a new snapshot sees everything that is live now.
        Map<String, Object> second = new HashMap<>();
        DatabaseSnapshot again = db.beginSnapshot((dbId, key, value, expireAt, access) -> second.put(str(key), value));
        if (again != null) {
            while (again.step()) {
                // walk to the end
            }
            again.end();
        }
        assertEquals(live.size(), second.size(), "seed " + seed);
        assertTrue(live.stream().allMatch(k -> second.containsKey(str(k))));
    }

    private static byte[] add(Database db, int n, SplittableRandom r) {
        byte[] key = ("key:" + n).getBytes(StandardCharsets.US_ASCII);
        int slot = db.add(key, new Object(), 0);
        if (r.nextInt(4) == 0) db.setExpireAt(slot, r.nextLong(1, 1L << 40));
        return key;
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }
}
