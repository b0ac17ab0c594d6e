package io.basalt.command.family;

import io.basalt.command.Arguments;
import io.basalt.command.Client;
import io.basalt.command.CommandError;
import io.basalt.keyspace.Database;
import io.basalt.keyspace.Keyspace;
import io.basalt.keyspace.type.StringValue;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.protocol.ReplyWriter;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]: the longest common subsequence (t_string.c). */
final class LcsCommand {
    private LcsCommand() {}

    private static final byte[] IDX = ascii("IDX");
    private static final byte[] LEN = ascii("LEN");
    private static final byte[] WITHMATCHLEN = ascii("WITHMATCHLEN");
    private static final byte[] MINMATCHLEN = ascii("MINMATCHLEN");
    private static final byte[] EMPTY = new byte[0];

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static void lcs(Client c) {
        Args args = c.args();
        Object va = lookup(c, 1);
        Object vb = lookup(c, 2);
        if ((va != null && !StringValue.isString(va)) || (vb != null && !StringValue.isString(vb))) {
            throw new CommandError(Errors.LCS_NOT_STRINGS);
        }
        boolean getLen = false, getIdx = false, withMatchLen = false;
        long minMatchLen = 0;
        for (int j = 3; j < args.count(); j++) {
            boolean more = j < args.count() - 1;
            if (args.is(j, IDX)) getIdx = true;
            else if (args.is(j, LEN)) getLen = true;
            else if (args.is(j, WITHMATCHLEN)) withMatchLen = true;
            else if (args.is(j, MINMATCHLEN) && more) {
                minMatchLen = Math.max(0, Arguments.longArg(args, ++j));
            } else {
                throw new CommandError(Errors.SYNTAX);
            }
        }
        if (getLen && getIdx) throw new CommandError(Errors.LCS_LEN_AND_IDX);
        byte[] a = va == null ? EMPTY : StringValue.view(va);
        byte[] b = vb == null ? EMPTY : StringValue.view(vb);
        int alen = va == null ? 0 : StringValue.length(va);
        int blen = vb == null ? 0 : StringValue.length(vb);
        long cells = (long) (alen + 1) * (blen + 1);
        if (cells * 4 > c.engine().protoMaxBulkLen()) throw new CommandError(Errors.LCS_EXCEEDS_BULK_LEN);
        if (cells > Integer.MAX_VALUE - 8) throw new CommandError(Errors.LCS_ALLOC_FAILED);
        int w = blen + 1;
        int[] lcs = new int[(int) cells];
        for (int i = 1; i <= alen; i++) {
            for (int j = 1; j <= blen; j++) {
                if (a[i - 1] == b[j - 1]) lcs[i * w + j] = lcs[(i - 1) * w + j - 1] + 1;
                else lcs[i * w + j] = Math.max(lcs[(i - 1) * w + j], lcs[i * w + j - 1]);
            }
        }
        int total = lcs[alen * w + blen];
        ReplyWriter r = c.reply();
        if (getLen) {
            r.integer(total);
            return;
        }
        // Walk back from the end, collecting the subsequence and the matching ranges as Redis does.
        byte[] result = new byte[total];
        int idx = total;
        long[] ranges = new long[16];
        int nranges = 0;
        int aStart = alen, aEnd = 0, bStart = 0, bEnd = 0;
        int i = alen, j = blen;
        while (i > 0 && j > 0) {
            boolean emit = false;
            if (a[i - 1] == b[j - 1]) {
                result[idx - 1] = a[i - 1];
                if (aStart == alen) {
                    aStart = i - 1;
                    aEnd = i - 1;
                    bStart = j - 1;
                    bEnd = j - 1;
                } else if (aStart == i && bStart == j) {
                    aStart--;
                    bStart--;
                } else {
                    emit = true;
                }
                if (aStart == 0 || bStart == 0) emit = true;
                idx--;
                i--;
                j--;
            } else {
                if (lcs[(i - 1) * w + j] > lcs[i * w + j - 1]) i--;
                else j--;
                if (aStart != alen) emit = true;
            }
            if (emit) {
                long matchLen = aEnd - aStart + 1;
                if (getIdx && (minMatchLen == 0 || matchLen >= minMatchLen)) {
                    if (nranges * 4 == ranges.length) ranges = Arrays.copyOf(ranges, ranges.length * 2);
                    ranges[nranges * 4] = aStart;
                    ranges[nranges * 4 + 1] = aEnd;
                    ranges[nranges * 4 + 2] = bStart;
                    ranges[nranges * 4 + 3] = bEnd;
                    nranges++;
                }
                aStart = alen;
            }
        }
        if (!getIdx) {
            r.bulk(result);
            return;
        }
        r.map(2);
        r.bulk("matches");
        r.array(nranges);
        for (int k = 0; k < nranges; k++) {
            long as = ranges[k * 4], ae = ranges[k * 4 + 1];
            r.array(withMatchLen ? 3 : 2);
            r.array(2);
            r.integer(as);
            r.integer(ae);
            r.array(2);
            r.integer(ranges[k * 4 + 2]);
            r.integer(ranges[k * 4 + 3]);
            if (withMatchLen) r.integer(ae - as + 1);
        }
        r.bulk("len");
        r.integer(total);
    }

    private static Object lookup(Client c, int i) {
        Args a = c.args();
        Database db = c.db();
        Keyspace ks = c.engine().keyspace();
        int slot = ks.findRead(db, a.buffer(), a.offset(i), a.length(i));
        return slot < 0 ? null : db.valueAt(slot);
    }
}
