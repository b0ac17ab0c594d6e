package io.basalt.keyspace.type;

import io.basalt.util.OpenTable;

/**
 * The hashed half of the large sorted-set encoding (Redis's zset dict): member → score, so
 * ZSCORE is O(1) and a member's tree position can be found from its score. Scores live in a
 * primitive array parallel to the keys: no boxed doubles, no entry objects.
 */
final class ZSetIndex extends OpenTable {
    static final class ScoreGen extends Gen {
        final double[] scores;

        ScoreGen(int capacity) {
            super(capacity);
            scores = new double[capacity];
        }

        @Override
        protected void copyTo(int from, Gen dst, int to) {
            ((ScoreGen) dst).scores[to] = scores[from];
        }

        @Override
        protected void moveWithin(int from, int to) {
            scores[to] = scores[from];
        }

        @Override
        protected void clearValues(int slot) {
            scores[slot] = 0;
        }
    }

    @Override
    protected Gen newGen(int capacity) {
        return new ScoreGen(capacity);
    }

    double scoreAt(int ref) {
        return ((ScoreGen) gen(ref)).scores[index(ref)];
    }

    void setScoreAt(int ref, double score) {
        ((ScoreGen) gen(ref)).scores[index(ref)] = score;
    }
}
