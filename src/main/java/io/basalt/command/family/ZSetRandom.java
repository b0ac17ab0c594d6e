package io.basalt.command.family;

import io.basalt.command.Arguments;
import io.basalt.command.Client;
import io.basalt.command.CommandError;
import io.basalt.keyspace.type.ZSetValue;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.protocol.Replies;
import io.basalt.protocol.ReplyWriter;

import java.util.HashSet;
import java.util.Set;
import java.util.random.RandomGenerator;

/** ZRANDMEMBER key [count [WITHSCORES]] (zrandmemberCommand). */
final class ZSetRandom {
    private ZSetRandom() {}

    /** Above this share of the set a distinct sample is drawn by shuffling ranks, below it by rejection (Redis's 3). */
    private static final int SHUFFLE_RATIO = 3;

    static void zrandmember(Client c) {
        Args a = c.args();
        if (a.count() >= 3) {
            long l = Arguments.rangeLongArg(a, 2, -Long.MAX_VALUE, Long.MAX_VALUE);
            boolean withScores = false;
            if (a.count() > 4 || (a.count() == 4 && !a.is(3, ZSetCommands.WITHSCORES))) {
                throw new CommandError(Errors.SYNTAX);
            } else if (a.count() == 4) {
                withScores = true;
                if (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2) throw new CommandError(Errors.VALUE_OUT_OF_RANGE);
            }
            withCount(c, l, withScores);
            return;
        }
        ZSetValue z = ZSetCommands.read(c, 1);
        if (z == null) {
            c.reply().nullBulk();
            return;
        }
        ZSetValue.Cursor cursor = new ZSetValue.Cursor();
        z.seek(z.randomRank(c.engine().keyspace().random()), cursor);
        c.reply().bulk(cursor.member());
    }

    /**
     * A negative count repeats members (random order, with replacement); a positive one
     * gives distinct members: all of them, highest rank first, when the count covers the
     * set (as Redis's reverse iteration does), else a random sample in random order.
     */
    private static void withCount(Client c, long l, boolean withScores) {
        ZSetValue z = ZSetCommands.read(c, 1);
        ReplyWriter r = c.reply();
        if (z == null || l == 0) {
            r.raw(Replies.EMPTY_ARRAY);
            return;
        }
        long size = z.size();
        boolean distinct = l > 0;
        long count = Math.abs(l);
        RandomGenerator random = c.engine().keyspace().random();
        ZSetValue.Cursor cursor = new ZSetValue.Cursor();
        if (!distinct || count == 1) {
            ZSetCommands.replyEntries(r, count, withScores);
            for (long k = 0; k < count; k++) {
                z.seek(z.randomRank(random), cursor);
                ZSetCommands.replyEntry(r, cursor.member(), cursor.score(), withScores);
            }
            return;
        }
        if (count >= size) {
            ZSetCommands.replyEntries(r, size, withScores);
            for (z.seek(size - 1, cursor); cursor.valid(); cursor.prev()) {
                ZSetCommands.replyEntry(r, cursor.member(), cursor.score(), withScores);
            }
            return;
        }
        ZSetCommands.replyEntries(r, count, withScores);
        for (long rank : distinctRanks(count, size, random)) {
            z.seek(rank, cursor);
            ZSetCommands.replyEntry(r, cursor.member(), cursor.score(), withScores);
        }
    }

    /** {@code count} distinct ranks below {@code size} (count < size), in random order. */
    private static long[] distinctRanks(long count, long size, RandomGenerator random) {
        long[] out = new long[(int) count];
        if (count * SHUFFLE_RATIO > size) {
            long[] ranks = new long[(int) size];
            for (int i = 0; i < size; i++) ranks[i] = i;
            for (int i = 0; i < count; i++) {
                int j = i + random.nextInt((int) size - i);
                long t = ranks[i];
                ranks[i] = ranks[j];
                ranks[j] = t;
                out[i] = ranks[i];
            }
            return out;
        }
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < count; ) {
            long rank = random.nextLong(size);
            if (seen.add(rank)) out[i++] = rank;
        }
        return out;
    }
}
