package io.basalt.keyspace.type;

/**
 * What ZUNION, ZINTER, ZDIFF (and their STORE forms) read from an input key (Redis's
 * zsetopsrc): a sorted set, or a plain set whose members all score 1. {@link ZSetValue}
 * implements it; the set type does the same to become a valid input.
 */
public interface ScoredSet {
    /** Number of members. */
    long size();

    /** The member's score, or NaN when it is absent (NaN is never a stored score). */
    double score(byte[] b, int off, int len);

    /** Visits every member with its score; the visitor must not modify the set. */
    void forEachScored(Visitor visitor);

    @FunctionalInterface
    interface Visitor {
        /** A member as a slice valid during the call, and its score. */
        void visit(byte[] b, int off, int len, double score);
    }
}
