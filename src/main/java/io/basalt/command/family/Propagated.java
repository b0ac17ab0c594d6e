package io.basalt.command.family;

import io.basalt.command.Client;
import io.basalt.util.Ascii;

/**
 * The command names and words handlers propagate in place of their own (Redis's shared.set,
 * shared.pxat, shared.left...), spelled exactly as Redis writes them to the AOF and replicas.
 */
final class Propagated {
    private Propagated() {}

    static final byte[] SET = Ascii.bytes("SET");
    static final byte[] PXAT = Ascii.bytes("PXAT");
    static final byte[] KEEPTTL = Ascii.bytes("KEEPTTL");
    static final byte[] PEXPIREAT = Ascii.bytes("PEXPIREAT");
    static final byte[] PERSIST = Ascii.bytes("PERSIST");
    static final byte[] DEL = Ascii.bytes("DEL");
    static final byte[] UNLINK = Ascii.bytes("UNLINK");
    static final byte[] LPOP = Ascii.bytes("LPOP");
    static final byte[] RPOP = Ascii.bytes("RPOP");
    static final byte[] LMOVE = Ascii.bytes("LMOVE");
    static final byte[] RPOPLPUSH = Ascii.bytes("RPOPLPUSH");
    static final byte[] ZPOPMIN = Ascii.bytes("ZPOPMIN");
    static final byte[] ZPOPMAX = Ascii.bytes("ZPOPMAX");
    static final byte[] HSET = Ascii.bytes("HSET");
    static final byte[] SREM = Ascii.bytes("SREM");
    /** Redis's shared.left and shared.right are lower case (a served BLMOVE propagates them). */
    static final byte[] LEFT = Ascii.bytes("left");
    static final byte[] RIGHT = Ascii.bytes("right");

    /**
     * The running command propagates as {@code DEL key} or, when the matching lazyfree option
     * is on, {@code UNLINK key} (an expiry in the past, GETDEL).
     */
    static void asDeletion(Client c, int keyArg, boolean lazy) {
        if (c.propagates()) c.propagateAs().add(lazy ? UNLINK : DEL).arg(keyArg);
    }
}
