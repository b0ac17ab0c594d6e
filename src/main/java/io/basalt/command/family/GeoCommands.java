package io.basalt.command.family;

import io.basalt.command.Client;
import io.basalt.command.CommandBuffer;
import io.basalt.command.CommandError;
import io.basalt.command.CommandFamily;
import io.basalt.keyspace.type.EncodingLimits;
import io.basalt.keyspace.type.ZSetValue;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.protocol.ReplyWriter;
import io.basalt.util.Doubles;
import io.basalt.util.Ascii;
import io.basalt.util.GeoHash;
import io.basalt.util.LongDouble;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * The geo family (geo.c): positions kept as sorted-set scores (52-bit geohashes, see
 * {@link GeoHash}). GEOADD, GEOPOS, GEODIST and GEOHASH live here; the searches (GEOSEARCH,
 * GEOSEARCHSTORE and the GEORADIUS variants) in {@link GeoSearch}.
 */
public final class GeoCommands implements CommandFamily {
    @Override
    public void register(Binder b) {
        b.bind("geoadd", GeoCommands::geoadd);
        b.bind("geopos", GeoCommands::geopos);
        b.bind("geodist", GeoCommands::geodist);
        b.bind("geohash", GeoCommands::geohash);
        b.bind("georadius", GeoSearch::georadius);
        b.bind("georadius_ro", GeoSearch::georadiusReadOnly);
        b.bind("georadiusbymember", GeoSearch::georadiusByMember);
        b.bind("georadiusbymember_ro", GeoSearch::georadiusByMemberReadOnly);
        b.bind("geosearch", GeoSearch::geosearch);
        b.bind("geosearchstore", GeoSearch::geosearchstore);
    }

    private static final byte[] NX = bytes("NX");
    private static final byte[] XX = bytes("XX");
    private static final byte[] CH = bytes("CH");
    private static final byte[] M = bytes("M");
    private static final byte[] KM = bytes("KM");
    private static final byte[] FT = bytes("FT");
    private static final byte[] MI = bytes("MI");

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    // ---- arguments -------------------------------------------------------------------------

    /** A double as getDoubleFromObjectOrReply reads it, refused with {@code error}. */
    static double doubleArg(Args a, int i, String error) {
        double d = Doubles.parse(a.buffer(), a.offset(i), a.length(i));
        if (Double.isNaN(d)) throw new CommandError(error);
        return d;
    }

    /**
     * extractLongLatOrReply: the longitude in argument {@code i}, the latitude in the next, into
     * {@code xy}; both parsed before the range check.
     */
    static void longLat(Args a, int i, double[] xy) {
        xy[0] = doubleArg(a, i, Errors.NOT_FLOAT);
        xy[1] = doubleArg(a, i + 1, Errors.NOT_FLOAT);
        if (!GeoHash.isValid(xy[0], xy[1])) {
            throw new CommandError(Errors.geoInvalidPair(cFixed6(xy[0]), cFixed6(xy[1])));
        }
    }

    /** C's {@code "%f"}: the exact value rounded to six decimals, "inf" and "-inf" spelled so. */
    private static String cFixed6(double v) {
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        String s = new BigDecimal(v).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
        return Math.copySign(1.0, v) < 0 && s.charAt(0) != '-' ? "-" + s : s;
    }

    /** extractUnitOrReply: meters per unit of M, KM, FT or MI (any case). */
    static double unit(Args a, int i) {
        if (a.is(i, M)) return 1;
        if (a.is(i, KM)) return 1000;
        if (a.is(i, FT)) return 0.3048;
        if (a.is(i, MI)) return 1609.34;
        throw new CommandError(Errors.GEO_UNIT);
    }

    /** The decoded position of a member, into {@code xy}; false when the member is absent. */
    static boolean position(ZSetValue z, Args a, int i, double[] xy) {
        double score = z.score(a.buffer(), a.offset(i), a.length(i));
        if (Double.isNaN(score)) return false;
        GeoHash.decode(score, xy);
        return true;
    }

    // ---- replies ---------------------------------------------------------------------------

    /**
     * addReplyDoubleDistance: four decimals, from the distance times 10^4 rounded to a 64-bit
     * integer as llrint does (out of range or NaN: the x86 "indefinite" LLONG_MIN).
     */
    static void distance(ReplyWriter r, double d) {
        double scaled = Math.rint(d * 10000.0);
        long v = Double.isNaN(scaled) || Math.abs(scaled) >= 0x1p63 ? Long.MIN_VALUE : (long) scaled;
        StringBuilder s = new StringBuilder(24);
        if (v < 0) s.append('-');
        String digits = Long.toUnsignedString(v < 0 ? -v : v);
        if (digits.length() <= 4) {
            s.append("0.");
            for (int k = digits.length(); k < 4; k++) s.append('0');
            s.append(digits);
        } else {
            s.append(digits, 0, digits.length() - 4).append('.').append(digits, digits.length() - 4, digits.length());
        }
        r.bulk(s.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** addReplyHumanLongDouble of a coordinate: {@code "%.17Lf"} without trailing zeros. */
    static void coordinate(ReplyWriter r, double v) {
        r.doubleValue(LongDouble.of(v).toHumanString());
    }

    // ---- GEOADD ----------------------------------------------------------------------------

    /**
     * GEOADD key [NX|XX] [CH] longitude latitude member ...: Redis turns it into ZADD with the
     * geohashes as scores, so the reply, the "zadd" event and the encoding rules are ZADD's.
     */
    private static final byte[] ZADD = Ascii.bytes("zadd");

    static void geoadd(Client c) {
        Args a = c.args();
        boolean nx = false, xx = false, ch = false;
        int first = 2;
        for (; first < a.count(); first++) {
            if (a.is(first, NX)) nx = true;
            else if (a.is(first, XX)) xx = true;
            else if (a.is(first, CH)) ch = true;
            else break;
        }
        int elements = (a.count() - first) / 3;
        if ((a.count() - first) % 3 != 0 || (xx && nx)) throw new CommandError(Errors.SYNTAX);
        double[] scores = new double[elements];
        double[] xy = new double[2];
        for (int j = 0; j < elements; j++) {
            longLat(a, first + j * 3, xy);
            scores[j] = GeoHash.score(xy[0], xy[1]);
        }

        EncodingLimits limits = c.engine().keyspace().limits();
        ZSetValue z = ZSetCommands.write(c, 1);
        if (z == null) {
            if (xx) {
                c.reply().integer(0);
                return;
            }
            z = ZSetValue.forFirstAdd(a.length(first + 2), limits);
            c.engine().keyspace().setKey(c.db(), -1, a.buffer(), a.offset(1), a.length(1), z, false);
        }
        int flags = (nx ? ZSetValue.NX : 0) | (xx ? ZSetValue.XX : 0);
        int added = 0, updated = 0;
        for (int j = 0; j < elements; j++) {
            int m = first + j * 3 + 2;
            int out = z.add(a.buffer(), a.offset(m), a.length(m), scores[j], flags, limits, null);
            if ((out & ZSetValue.ADDED) != 0) added++;
            if ((out & ZSetValue.UPDATED) != 0) updated++;
        }
        if (added + updated > 0) ZSetCommands.signal(c, 1, added + updated, "zadd");
        if (c.propagates()) {
            // Redis runs GEOADD as the ZADD it builds (lower-case "zadd", the options as given,
            // each position as its 52-bit integer score) and propagates that.
            CommandBuffer out = c.propagateAs().add(ZADD).args(1, first);
            for (int j = 0; j < elements; j++) out.add((long) scores[j]).arg(first + j * 3 + 2);
        }
        c.reply().integer(ch ? added + updated : added);
    }

    // ---- GEOPOS, GEODIST, GEOHASH ----------------------------------------------------------

    /** GEOPOS key member ...: [longitude, latitude] per member, a null array when absent. */
    static void geopos(Client c) {
        Args a = c.args();
        ZSetValue z = ZSetCommands.read(c, 1);
        ReplyWriter r = c.reply();
        r.array(a.count() - 2);
        double[] xy = new double[2];
        for (int i = 2; i < a.count(); i++) {
            if (z == null || !position(z, a, i, xy)) {
                r.nullArray();
                continue;
            }
            r.array(2);
            coordinate(r, xy[0]);
            coordinate(r, xy[1]);
        }
    }

    /** GEODIST key member1 member2 [unit]: the unit is checked before the key. */
    static void geodist(Client c) {
        Args a = c.args();
        double toMeters = 1;
        if (a.count() == 5) toMeters = unit(a, 4);
        else if (a.count() > 5) throw new CommandError(Errors.SYNTAX);
        ZSetValue z = ZSetCommands.read(c, 1);
        ReplyWriter r = c.reply();
        double[] from = new double[2];
        double[] to = new double[2];
        if (z == null || !position(z, a, 2, from) || !position(z, a, 3, to)) {
            r.nullBulk();
            return;
        }
        distance(r, GeoHash.distance(from[0], from[1], to[0], to[1]) / toMeters);
    }

    /** GEOHASH key member ...: standard 11-character geohashes, null for absent members. */
    static void geohash(Client c) {
        Args a = c.args();
        ZSetValue z = ZSetCommands.read(c, 1);
        ReplyWriter r = c.reply();
        r.array(a.count() - 2);
        for (int i = 2; i < a.count(); i++) {
            double score = z == null ? Double.NaN : z.score(a.buffer(), a.offset(i), a.length(i));
            if (Double.isNaN(score)) r.nullBulk();
            else r.bulk(GeoHash.standardHash(score));
        }
    }
}
