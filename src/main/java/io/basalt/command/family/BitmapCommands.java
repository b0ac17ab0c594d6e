package io.basalt.command.family;

import io.basalt.command.Arguments;
import io.basalt.command.Client;
import io.basalt.command.CommandError;
import io.basalt.command.CommandFamily;
import io.basalt.keyspace.Database;
import io.basalt.keyspace.KeyEvents;
import io.basalt.keyspace.Keyspace;
import io.basalt.keyspace.type.RawString;
import io.basalt.keyspace.type.StringValue;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.protocol.Replies;
import io.basalt.protocol.ReplyWriter;
import io.basalt.util.Ascii;

import java.nio.charset.StandardCharsets;

/** Bitmaps over string values (bitops.c): SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD. */
public final class BitmapCommands implements CommandFamily {
    @Override
    public void register(Binder b) {
        b.bind("setbit", BitmapCommands::setbit);
        b.bind("getbit", BitmapCommands::getbit);
        b.bind("bitcount", BitmapCommands::bitcount);
        b.bind("bitpos", BitmapCommands::bitpos);
        b.bind("bitop", BitmapCommands::bitop);
        b.bind("bitfield", c -> bitfield(c, false));
        b.bind("bitfield_ro", c -> bitfield(c, true));
    }

    private static final byte[] ONE = Replies.ascii(":1\r\n");
    private static final byte[] ZERO = Replies.ascii(":0\r\n");
    private static final byte[] BIT = ascii("BIT");
    private static final byte[] BYTE = ascii("BYTE");
    private static final byte[] AND = ascii("AND");
    private static final byte[] OR = ascii("OR");
    private static final byte[] XOR = ascii("XOR");
    private static final byte[] NOT = ascii("NOT");
    private static final byte[] GET = ascii("GET");
    private static final byte[] SET = ascii("SET");
    private static final byte[] INCRBY = ascii("INCRBY");
    private static final byte[] OVERFLOW = ascii("OVERFLOW");
    private static final byte[] WRAP = ascii("WRAP");
    private static final byte[] SAT = ascii("SAT");
    private static final byte[] FAIL = ascii("FAIL");

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    // ---- shared helpers ------------------------------------------------------------------

    /**
     * Redis's getBitOffsetFromArgument: a bit offset, or with {@code bits > 0} also the
     * "#N" form meaning N * bits. Must address a byte below proto-max-bulk-len.
     */
    static long bitOffset(Client c, int i, int bits) {
        Args a = c.args();
        int off = a.offset(i), len = a.length(i);
        boolean hash = bits > 0 && len > 0 && a.buffer()[off] == '#';
        long[] h = a.scratch();
        if (hash) {
            off++;
            len--;
        }
        if (!Ascii.parse(a.buffer(), off, len, h)) throw new CommandError(Errors.BIT_OFFSET);
        long offset = hash ? h[0] * bits : h[0];
        long limit = Math.min(c.engine().protoMaxBulkLen(), RawString.MAX_LENGTH);
        if (offset < 0 || (offset >> 3) >= limit) throw new CommandError(Errors.BIT_OFFSET);
        return offset;
    }

    /** Looks the key in argument 1 up for reading: null when missing, WRONGTYPE on a non-string. */
    private static Object readString(Client c) {
        return StringCommands.readString(c, 1);
    }

    /**
     * Redis's lookupStringForBitCommand: the string in argument 1, created or unshared as a
     * growable buffer at least {@code maxBit / 8 + 1} bytes long. {@code grew[0]} tells
     * whether the key was created or lengthened.
     */
    private static RawString stringForBits(Client c, long maxBit, boolean[] grew) {
        Args a = c.args();
        Database db = c.db();
        int slot = StringCommands.writeSlot(c, 1);
        int bytes = (int) ((maxBit >> 3) + 1);
        if (slot < 0) {
            RawString r = new RawString(new byte[bytes], bytes);
            c.engine().keyspace().setKey(db, -1, a.buffer(), a.offset(1), a.length(1), r, false);
            grew[0] = true;
            return r;
        }
        RawString r = StringCommands.unshare(db, slot);
        int old = r.length();
        r.ensureLength(bytes);
        grew[0] = r.length() != old;
        return r;
    }

    private static int bitAt(byte[] p, int len, long offset) {
        long byteIndex = offset >> 3;
        if (byteIndex >= len) return 0;
        return (p[(int) byteIndex] >> (7 - (int) (offset & 7))) & 1;
    }

    // ---- SETBIT / GETBIT -----------------------------------------------------------------

    static void setbit(Client c) {
        long offset = bitOffset(c, 2, 0);
        long on = Arguments.longArg(c.args(), 3, Errors.BIT_VALUE);
        if ((on & ~1L) != 0) throw new CommandError(Errors.BIT_VALUE);
        boolean[] grew = new boolean[1];
        RawString r = stringForBits(c, offset, grew);
        byte[] p = r.buffer();
        int byteIndex = (int) (offset >> 3);
        int shift = 7 - (int) (offset & 7);
        int old = (p[byteIndex] >> shift) & 1;
        if (grew[0] || old != on) {
            p[byteIndex] = (byte) ((p[byteIndex] & ~(1 << shift)) | (on << shift));
            c.modified(1);
            c.notify(KeyEvents.STRING, "setbit", 1);
        }
        c.reply().raw(old == 1 ? ONE : ZERO);
    }

    static void getbit(Client c) {
        long offset = bitOffset(c, 2, 0);
        Object v = readString(c);
        if (v == null) {
            c.reply().raw(ZERO);
            return;
        }
        c.reply().raw(bitAt(StringValue.view(v), StringValue.length(v), offset) == 1 ? ONE : ZERO);
    }

    // ---- BITCOUNT / BITPOS ---------------------------------------------------------------

    /** BITCOUNT key [start end [BYTE | BIT]] */
    static void bitcount(Client c) {
        Args a = c.args();
        Object v = readString(c);
        if (v == null) {
            c.reply().raw(ZERO);
            return;
        }
        byte[] p = StringValue.view(v);
        long strlen = StringValue.length(v);
        ByteRange r;
        if (a.count() == 4 || a.count() == 5) {
            long start = Arguments.longArg(a, 2);
            long end = Arguments.longArg(a, 3);
            if (start < 0 && end < 0 && start > end) {
                c.reply().raw(ZERO);
                return;
            }
            r = ByteRange.of(start, end, strlen, bitUnit(a, 4));
        } else if (a.count() == 2) {
            r = ByteRange.whole(strlen);
        } else {
            throw new CommandError(Errors.SYNTAX);
        }
        long start = r.start, end = r.end;
        int firstMask = r.firstMask, lastMask = r.lastMask;
        if (start > end) {
            c.reply().raw(ZERO);
            return;
        }
        long count = 0;
        for (int i = (int) start; i <= end; i++) count += Integer.bitCount(p[i] & 0xFF);
        if (firstMask != 0) count -= Integer.bitCount(p[(int) start] & firstMask);
        if (lastMask != 0) count -= Integer.bitCount(p[(int) end] & lastMask);
        c.reply().integer(count);
    }

    /**
     * A BITCOUNT/BITPOS range as Redis normalises it: negative indexes count from the end,
     * clamped to the string; a BIT range becomes whole bytes plus masks of the bits outside
     * it in the first and last byte.
     */
    private static final class ByteRange {
        long start;
        long end;
        int firstMask;
        int lastMask;

        static ByteRange whole(long strlen) {
            ByteRange r = new ByteRange();
            r.end = strlen - 1;
            return r;
        }

        static ByteRange of(long start, long end, long strlen, boolean isBit) {
            long totlen = isBit ? strlen << 3 : strlen;
            if (start < 0) start = totlen + start;
            if (end < 0) end = totlen + end;
            if (start < 0) start = 0;
            if (end < 0) end = 0;
            if (end >= totlen) end = totlen - 1;
            ByteRange r = new ByteRange();
            if (isBit && start <= end) {
                r.firstMask = ~((1 << (8 - (int) (start & 7))) - 1) & 0xFF;
                r.lastMask = (1 << (7 - (int) (end & 7))) - 1;
                start >>= 3;
                end >>= 3;
            }
            r.start = start;
            r.end = end;
            return r;
        }
    }

    /** The optional BYTE | BIT argument at {@code i}: true for BIT. */
    private static boolean bitUnit(Args a, int i) {
        if (a.count() <= i) return false;
        if (a.is(i, BIT)) return true;
        if (a.is(i, BYTE)) return false;
        throw new CommandError(Errors.SYNTAX);
    }

    /** Redis's redisBitpos: first bit equal to {@code bit} in p[from, from+count), or -1 / count*8. */
    private static long firstBit(byte[] p, int from, long count, int bit) {
        int skip = bit == 1 ? 0 : 0xFF;
        for (long i = 0; i < count; i++) {
            int v = p[(int) (from + i)] & 0xFF;
            if (v != skip) {
                for (int j = 0; j < 8; j++) {
                    if (((v >> (7 - j)) & 1) == bit) return i * 8 + j;
                }
            }
        }
        return bit == 1 ? -1 : count * 8;
    }

    /** BITPOS key bit [start [end [BYTE | BIT]]] */
    static void bitpos(Client c) {
        Args a = c.args();
        long bit = Arguments.longArg(a, 2);
        if (bit != 0 && bit != 1) throw new CommandError(Errors.BITPOS_BIT);
        Object v = readString(c);
        if (v == null) {
            c.reply().integer(bit == 1 ? -1 : 0);
            return;
        }
        byte[] p = StringValue.view(v);
        long strlen = StringValue.length(v);
        boolean endGiven = false;
        ByteRange r;
        if (a.count() >= 4 && a.count() <= 6) {
            long start = Arguments.longArg(a, 3);
            boolean isBit = a.count() == 6 && bitUnit(a, 5);
            long end;
            if (a.count() >= 5) {
                end = Arguments.longArg(a, 4);
                endGiven = true;
            } else {
                end = isBit ? (strlen << 3) + 7 : strlen - 1;
            }
            r = ByteRange.of(start, end, strlen, isBit);
        } else if (a.count() == 3) {
            r = ByteRange.whole(strlen);
        } else {
            throw new CommandError(Errors.SYNTAX);
        }
        long start = r.start, end = r.end;
        int firstMask = r.firstMask, lastMask = r.lastMask;
        if (start > end) {
            c.reply().integer(-1);
            return;
        }
        long bytes = end - start + 1;
        long pos;
        search:
        {
            if (firstMask != 0) {
                int t = bit == 1 ? p[(int) start] & ~firstMask : p[(int) start] | firstMask;
                if (lastMask != 0 && bytes == 1) t = bit == 1 ? t & ~lastMask : t | lastMask;
                pos = firstBit(new byte[] {(byte) t}, 0, 1, (int) bit);
                if (bytes == 1 || (pos != -1 && pos != 8)) break search;
                start++;
                bytes--;
            }
            long cur = bytes - (lastMask != 0 ? 1 : 0);
            if (cur > 0) {
                pos = firstBit(p, (int) start, cur, (int) bit);
                if (bytes == cur || (pos != -1 && pos != cur << 3)) break search;
                start += cur;
                bytes -= cur;
            }
            int t = bit == 1 ? p[(int) end] & ~lastMask : p[(int) end] | lastMask;
            pos = firstBit(new byte[] {(byte) t}, 0, 1, (int) bit);
        }
        // With an explicit end, the bits right of the range are not zero padding.
        if (endGiven && bit == 0 && pos == bytes << 3) {
            c.reply().integer(-1);
            return;
        }
        if (pos != -1) pos += start << 3;
        c.reply().integer(pos);
    }

    // ---- BITOP ---------------------------------------------------------------------------

    private static final int OP_AND = 0, OP_OR = 1, OP_XOR = 2, OP_NOT = 3;

    /** BITOP AND | OR | XOR | NOT destkey key [key ...] */
    static void bitop(Client c) {
        Args a = c.args();
        int op;
        if (a.is(1, AND)) op = OP_AND;
        else if (a.is(1, OR)) op = OP_OR;
        else if (a.is(1, XOR)) op = OP_XOR;
        else if (a.is(1, NOT)) op = OP_NOT;
        else throw new CommandError(Errors.SYNTAX);
        if (op == OP_NOT && a.count() != 4) throw new CommandError(Errors.BITOP_NOT_SINGLE_KEY);
        int n = a.count() - 3;
        byte[][] src = new byte[n][];
        int[] len = new int[n];
        int maxlen = 0;
        for (int j = 0; j < n; j++) {
            Object v = StringCommands.readString(c, j + 3);
            if (v == null) continue;
            src[j] = StringValue.view(v);
            len[j] = StringValue.length(v);
            maxlen = Math.max(maxlen, len[j]);
        }
        byte[] res = null;
        if (maxlen > 0) {
            res = new byte[maxlen];
            for (int i = 0; i < maxlen; i++) {
                int out = len[0] <= i ? 0 : src[0][i] & 0xFF;
                if (op == OP_NOT) out = ~out & 0xFF;
                for (int j = 1; j < n; j++) {
                    int b = len[j] <= i ? 0 : src[j][i] & 0xFF;
                    if (op == OP_AND) out &= b;
                    else if (op == OP_OR) out |= b;
                    else out ^= b;
                }
                res[i] = (byte) out;
            }
        }
        Database db = c.db();
        Keyspace ks = c.engine().keyspace();
        int slot = ks.findWrite(db, a.buffer(), a.offset(2), a.length(2));
        if (res != null) {
            ks.setKey(db, slot, a.buffer(), a.offset(2), a.length(2), new RawString(res, maxlen), false);
            c.modified(2);
            c.notify(KeyEvents.STRING, "set", 2);
        } else if (slot >= 0) {
            ks.delete(db, slot);
            c.modified(2);
            c.notify(KeyEvents.GENERIC, "del", 2);
        }
        c.reply().integer(maxlen);
    }

    // ---- BITFIELD ------------------------------------------------------------------------

    private static final int BF_GET = 0, BF_SET = 1, BF_INCRBY = 2;
    private static final int OW_WRAP = 0, OW_SAT = 1, OW_FAIL = 2;

    /** Redis's getBitfieldTypeFromArgument: i1..i64 or u1..u63, as {@code sign << 8 | bits}. */
    private static int bitfieldType(Args a, int i) {
        int len = a.length(i);
        byte t = len > 0 ? a.byteAt(i, 0) : 0;
        if (t != 'i' && t != 'u') throw new CommandError(Errors.BITFIELD_TYPE);
        long[] h = a.scratch();
        if (!Ascii.parse(a.buffer(), a.offset(i) + 1, len - 1, h)) throw new CommandError(Errors.BITFIELD_TYPE);
        long bits = h[0];
        if (bits < 1 || (t == 'i' && bits > 64) || (t == 'u' && bits > 63)) throw new CommandError(Errors.BITFIELD_TYPE);
        return (t == 'i' ? 1 << 8 : 0) | (int) bits;
    }

    /** BITFIELD key [GET type offset | SET type offset value | INCRBY type offset incr | OVERFLOW WRAP|SAT|FAIL] ... */
    static void bitfield(Client c, boolean readOnlyCommand) {
        Args a = c.args();
        int max = (a.count() - 2) / 3 + 1;
        int[] opcode = new int[max], owtype = new int[max], bits = new int[max];
        boolean[] signed = new boolean[max];
        long[] offset = new long[max], arg = new long[max];
        int numops = 0;
        int ow = OW_WRAP;
        boolean readonly = true;
        long highestWrite = 0;
        for (int j = 2; j < a.count(); j++) {
            int remaining = a.count() - j - 1;
            int op;
            if (a.is(j, GET) && remaining >= 2) op = BF_GET;
            else if (a.is(j, SET) && remaining >= 3) op = BF_SET;
            else if (a.is(j, INCRBY) && remaining >= 3) op = BF_INCRBY;
            else if (a.is(j, OVERFLOW) && remaining >= 1) {
                j++;
                if (a.is(j, WRAP)) ow = OW_WRAP;
                else if (a.is(j, SAT)) ow = OW_SAT;
                else if (a.is(j, FAIL)) ow = OW_FAIL;
                else throw new CommandError(Errors.BITFIELD_OVERFLOW_TYPE);
                continue;
            } else {
                throw new CommandError(Errors.SYNTAX);
            }
            int type = bitfieldType(a, j + 1);
            int width = type & 0xFF;
            long bitOffset = bitOffset(c, j + 2, width);
            long value = 0;
            if (op != BF_GET) {
                readonly = false;
                highestWrite = Math.max(highestWrite, bitOffset + width - 1);
                value = Arguments.longArg(a, j + 3);
            }
            opcode[numops] = op;
            owtype[numops] = ow;
            bits[numops] = width;
            signed[numops] = (type >> 8) != 0;
            offset[numops] = bitOffset;
            arg[numops] = value;
            numops++;
            j += op == BF_GET ? 2 : 3;
        }
        byte[] p;
        int plen;
        boolean grew = false;
        if (readonly) {
            Object v = readString(c);
            p = v == null ? new byte[0] : StringValue.view(v);
            plen = v == null ? 0 : StringValue.length(v);
        } else {
            if (readOnlyCommand) throw new CommandError(Errors.BITFIELD_RO_GET_ONLY);
            boolean[] g = new boolean[1];
            RawString r = stringForBits(c, highestWrite, g);
            grew = g[0];
            p = r.buffer();
            plen = r.length();
        }
        ReplyWriter reply = c.reply();
        reply.array(numops);
        long changes = 0;
        long[] limit = new long[1];
        for (int k = 0; k < numops; k++) {
            int width = bits[k];
            if (opcode[k] == BF_GET) {
                long v = getBits(p, plen, offset[k], width);
                reply.integer(signed[k] ? signExtend(v, width) : v);
                continue;
            }
            long oldval = getBits(p, plen, offset[k], width), newval, retval;
            boolean overflow;
            if (signed[k]) {
                oldval = signExtend(oldval, width);
                if (opcode[k] == BF_INCRBY) {
                    overflow = signedOverflow(oldval, arg[k], width, owtype[k], limit) != 0;
                    newval = overflow ? limit[0] : oldval + arg[k];
                    retval = newval;
                } else {
                    newval = arg[k];
                    overflow = signedOverflow(newval, 0, width, owtype[k], limit) != 0;
                    if (overflow) newval = limit[0];
                    retval = oldval;
                }
            } else {
                if (opcode[k] == BF_INCRBY) {
                    newval = oldval + arg[k];
                    overflow = unsignedOverflow(oldval, arg[k], width, owtype[k], limit) != 0;
                    if (overflow) newval = limit[0];
                    retval = newval;
                } else {
                    newval = arg[k];
                    overflow = unsignedOverflow(newval, 0, width, owtype[k], limit) != 0;
                    if (overflow) newval = limit[0];
                    retval = oldval;
                }
            }
            if (overflow && owtype[k] == OW_FAIL) {
                reply.nullBulk();
                continue;
            }
            reply.integer(retval);
            setBits(p, offset[k], width, newval);
            if (grew || oldval != newval) changes++;
        }
        if (changes > 0) {
            c.modified(1);
            c.engine().stats().dirty += changes - 1;
            c.notify(KeyEvents.STRING, "setbit", 1);
        }
    }

    private static long getBits(byte[] p, int len, long offset, int bits) {
        long v = 0;
        for (int j = 0; j < bits; j++) v = (v << 1) | bitAt(p, len, offset + j);
        return v;
    }

    private static void setBits(byte[] p, long offset, int bits, long value) {
        for (int j = 0; j < bits; j++) {
            int bitval = (int) ((value >>> (bits - 1 - j)) & 1);
            long o = offset + j;
            int byteIndex = (int) (o >> 3);
            int shift = 7 - (int) (o & 7);
            p[byteIndex] = (byte) ((p[byteIndex] & ~(1 << shift)) | (bitval << shift));
        }
    }

    private static long signExtend(long v, int bits) {
        if (bits < 64 && (v & (1L << (bits - 1))) != 0) v |= -1L << bits;
        return v;
    }

    /** Redis's checkSignedBitfieldOverflow: 1 overflow, -1 underflow, 0 fits; limit[0] gets the stored value. */
    private static int signedOverflow(long value, long incr, int bits, int owtype, long[] limit) {
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        long min = -max - 1;
        long maxincr = max - value;
        long minincr = min - value;
        int result;
        if (value > max || (bits != 64 && incr > maxincr) || (value >= 0 && incr > 0 && incr > maxincr)) {
            result = 1;
            if (owtype == OW_SAT) limit[0] = max;
        } else if (value < min || (bits != 64 && incr < minincr) || (value < 0 && incr < 0 && incr < minincr)) {
            result = -1;
            if (owtype == OW_SAT) limit[0] = min;
        } else {
            return 0;
        }
        if (owtype == OW_WRAP) limit[0] = signExtend((value + incr) & (bits == 64 ? -1L : (1L << bits) - 1), bits);
        return result;
    }

    /** Redis's checkUnsignedBitfieldOverflow, on values of at most 63 bits (value may be a negative SET argument). */
    private static int unsignedOverflow(long value, long incr, int bits, int owtype, long[] limit) {
        long max = (1L << bits) - 1;
        long maxincr = max - value;
        long minincr = -value;
        int result;
        if (Long.compareUnsigned(value, max) > 0 || (incr > 0 && incr > maxincr)) {
            result = 1;
            if (owtype == OW_SAT) limit[0] = max;
        } else if (incr < 0 && incr < minincr) {
            result = -1;
            if (owtype == OW_SAT) limit[0] = 0;
        } else {
            return 0;
        }
        if (owtype == OW_WRAP) limit[0] = (value + incr) & max;
        return result;
    }
}
