package io.basalt.command.family;

import io.basalt.command.Arguments;
import io.basalt.command.Client;
import io.basalt.command.CommandError;
import io.basalt.keyspace.type.EncodingLimits;
import io.basalt.keyspace.type.ScoreRange;
import io.basalt.keyspace.type.ZSetValue;
import io.basalt.protocol.Args;
import io.basalt.protocol.Errors;
import io.basalt.protocol.ReplyWriter;
import io.basalt.util.DoubleKeySort;
import io.basalt.util.GeoShape;

import java.util.Arrays;

/**
 * georadiusGeneric: GEOSEARCH, GEOSEARCHSTORE, GEORADIUS[_RO] and GEORADIUSBYMEMBER[_RO].
 * Arguments are read in Redis's order (so the same error wins), the nine geohash cells are
 * scanned in Redis's order, and results are sorted as Redis sorts them, so even unsorted and
 * tied results come out identical.
 */
final class GeoSearch {
    private GeoSearch() {}

    /** Where the centre comes from and which options the command takes. */
    private static final int RADIUS_COORDS = 1, RADIUS_MEMBER = 2, NO_STORE = 4, SEARCH = 8, SEARCH_STORE = 16;
    private static final int SORT_NONE = 0, SORT_ASC = 1, SORT_DESC = 2;

    private static final byte[] WITHDIST = GeoCommands.bytes("WITHDIST");
    private static final byte[] WITHHASH = GeoCommands.bytes("WITHHASH");
    private static final byte[] WITHCOORD = GeoCommands.bytes("WITHCOORD");
    private static final byte[] ANY = GeoCommands.bytes("ANY");
    private static final byte[] ASC = GeoCommands.bytes("ASC");
    private static final byte[] DESC = GeoCommands.bytes("DESC");
    private static final byte[] COUNT = GeoCommands.bytes("COUNT");
    private static final byte[] STORE = GeoCommands.bytes("STORE");
    private static final byte[] STOREDIST = GeoCommands.bytes("STOREDIST");
    private static final byte[] FROMMEMBER = GeoCommands.bytes("FROMMEMBER");
    private static final byte[] FROMLONLAT = GeoCommands.bytes("FROMLONLAT");
    private static final byte[] BYRADIUS = GeoCommands.bytes("BYRADIUS");
    private static final byte[] BYBOX = GeoCommands.bytes("BYBOX");

    static void georadius(Client c) {
        search(c, 1, RADIUS_COORDS);
    }

    static void georadiusReadOnly(Client c) {
        search(c, 1, RADIUS_COORDS | NO_STORE);
    }

    static void georadiusByMember(Client c) {
        search(c, 1, RADIUS_MEMBER);
    }

    static void georadiusByMemberReadOnly(Client c) {
        search(c, 1, RADIUS_MEMBER | NO_STORE);
    }

    static void geosearch(Client c) {
        search(c, 1, SEARCH);
    }

    static void geosearchstore(Client c) {
        search(c, 2, SEARCH | SEARCH_STORE);
    }

    /** extractDistanceOrReply: a non-negative radius, then its unit; returns {radius, meters per unit}. */
    private static double[] radius(Args a, int i) {
        double radius = GeoCommands.doubleArg(a, i, Errors.GEO_NEED_RADIUS);
        if (radius < 0) throw new CommandError(Errors.GEO_NEGATIVE_RADIUS);
        return new double[] {radius, GeoCommands.unit(a, i + 1)};
    }

    /** extractBoxOrReply: width and height, non-negative, then the unit; returns {width, height, meters per unit}. */
    private static double[] box(Args a, int i) {
        double width = GeoCommands.doubleArg(a, i, Errors.GEO_NEED_WIDTH);
        double height = GeoCommands.doubleArg(a, i + 1, Errors.GEO_NEED_HEIGHT);
        if (height < 0 || width < 0) throw new CommandError(Errors.GEO_NEGATIVE_BOX);
        return new double[] {width, height, GeoCommands.unit(a, i + 2)};
    }

    private static void search(Client c, int srcArg, int flags) {
        Args a = c.args();
        ZSetValue z = ZSetCommands.read(c, srcArg);
        double[] centre = new double[2];
        double[] circle = null;
        double[] rectangle = null;
        int base;
        int storeArg = -1;
        boolean storeDist = false;
        if ((flags & RADIUS_COORDS) != 0) {
            base = 6;
            GeoCommands.longLat(a, 2, centre);
            circle = radius(a, 4);
        } else if ((flags & RADIUS_MEMBER) != 0) {
            base = 5;
            // Without a source key the radius is not even parsed: the options still are, to pick the reply.
            if (z != null) {
                if (!GeoCommands.position(z, a, 2, centre)) throw new CommandError(Errors.GEO_MEMBER_NOT_FOUND);
                circle = radius(a, 3);
            }
        } else {
            base = 2;
            if ((flags & SEARCH_STORE) != 0) {
                base = 3;
                storeArg = 1;
            }
        }

        boolean withDist = false, withHash = false, withCoord = false;
        boolean fromMember = false, fromLonLat = false;
        boolean any = false;
        int sort = SORT_NONE;
        long count = 0;
        boolean search = (flags & SEARCH) != 0;
        boolean storeAllowed = (flags & (NO_STORE | SEARCH)) == 0;
        int n = a.count();
        for (int i = base; i < n; i++) {
            boolean more = i + 1 < n;
            if (a.is(i, WITHDIST)) {
                withDist = true;
            } else if (a.is(i, WITHHASH)) {
                withHash = true;
            } else if (a.is(i, WITHCOORD)) {
                withCoord = true;
            } else if (a.is(i, ANY)) {
                any = true;
            } else if (a.is(i, ASC)) {
                sort = SORT_ASC;
            } else if (a.is(i, DESC)) {
                sort = SORT_DESC;
            } else if (a.is(i, COUNT) && more) {
                count = Arguments.longArg(a, i + 1);
                if (count <= 0) throw new CommandError(Errors.GEO_COUNT);
                i++;
            } else if (a.is(i, STORE) && more && storeAllowed) {
                storeArg = i + 1;
                storeDist = false;
                i++;
            } else if (a.is(i, STOREDIST) && more && storeAllowed) {
                storeArg = i + 1;
                storeDist = true;
                i++;
            } else if (a.is(i, STOREDIST) && (flags & SEARCH_STORE) != 0) {
                storeDist = true;
            } else if (a.is(i, FROMMEMBER) && more && search && !fromLonLat) {
                if (z != null && !GeoCommands.position(z, a, i + 1, centre)) {
                    throw new CommandError(Errors.GEO_MEMBER_NOT_FOUND);
                }
                fromMember = true;
                i++;
            } else if (a.is(i, FROMLONLAT) && i + 2 < n && search && !fromMember) {
                GeoCommands.longLat(a, i + 1, centre);
                fromLonLat = true;
                i += 2;
            } else if (a.is(i, BYRADIUS) && i + 2 < n && search && rectangle == null) {
                circle = radius(a, i + 1);
                i += 2;
            } else if (a.is(i, BYBOX) && i + 3 < n && search && circle == null) {
                rectangle = box(a, i + 1);
                i += 3;
            } else {
                throw new CommandError(Errors.SYNTAX);
            }
        }

        if (storeArg >= 0 && (withDist || withHash || withCoord)) {
            throw new CommandError((flags & SEARCH_STORE) != 0 ? Errors.GEO_SEARCHSTORE_WITH : Errors.GEO_STORE_WITH);
        }
        if (search && !(fromMember || fromLonLat)) {
            throw new CommandError(Errors.geoNeedsCentre(a.string(0)));
        }
        if (search && circle == null && rectangle == null) {
            throw new CommandError(Errors.geoNeedsShape(a.string(0)));
        }
        if (any && count == 0) throw new CommandError(Errors.GEO_ANY_WITHOUT_COUNT);

        String event = search ? "geosearchstore" : "georadiusstore";
        if (z == null) {
            // Nothing to search: an empty result, which deletes the destination.
            if (storeArg >= 0) ZSetCommands.storeResult(c, storeArg, ZSetValue.compact(), event);
            else c.reply().array(0);
            return;
        }
        // COUNT keeps the nearest ones unless ANY asked for the first found.
        if (count != 0 && sort == SORT_NONE && !any) sort = SORT_ASC;

        GeoShape shape = circle != null
                ? GeoShape.circle(centre[0], centre[1], circle[0], circle[1])
                : GeoShape.box(centre[0], centre[1], rectangle[0], rectangle[1], rectangle[2]);
        Found found = new Found();
        collect(z, shape, found, any ? count : 0);
        if (found.size == 0 && storeArg < 0) {
            c.reply().array(0);
            return;
        }

        int returned = count == 0 || found.size < count ? found.size : (int) count;
        int[] order = new int[found.size];
        for (int i = 0; i < order.length; i++) order[i] = i;
        if (sort != SORT_NONE) {
            if (returned == found.size) DoubleKeySort.stable(order, found.size, found.distance, sort == SORT_DESC);
            else DoubleKeySort.partial(order, found.size, found.distance, sort == SORT_DESC, 0, returned - 1);
        }

        double conversion = shape.conversion();
        if (storeArg < 0) {
            reply(c.reply(), found, order, returned, conversion, withDist, withHash, withCoord);
            return;
        }
        EncodingLimits limits = c.engine().keyspace().limits();
        ZSetValue result = ZSetValue.large();
        for (int i = 0; i < returned; i++) {
            int p = order[i];
            byte[] member = found.member[p];
            double score = storeDist ? found.distance[p] / conversion : found.score[p];
            result.add(member, 0, member.length, score, 0, limits, null);
        }
        result.compactIfFits(limits);
        ZSetCommands.storeResult(c, storeArg, result, event);
        // Redis counts every stored member as a change; storeResult counted one.
        if (returned > 0) c.engine().stats().dirty += returned - 1;
    }

    /** membersOfAllNeighbors: each cell's score range in order, stopping at {@code limit} (0: none) matches. */
    private static void collect(ZSetValue z, GeoShape shape, Found found, long limit) {
        double[] min = new double[GeoShape.MAX_RANGES];
        double[] max = new double[GeoShape.MAX_RANGES];
        int ranges = shape.scoreRanges(min, max);
        ZSetValue.Cursor cursor = new ZSetValue.Cursor();
        double[] point = new double[3];
        for (int r = 0; r < ranges; r++) {
            if (limit > 0 && found.size >= limit) return;
            long rank = z.firstInRange(new ScoreRange(min[r], false, max[r], true));
            if (rank < 0) continue;
            for (z.seek(rank, cursor); cursor.valid(); cursor.next()) {
                double score = cursor.score();
                if (!(score < max[r])) break;
                if (shape.contains(score, point)) found.add(cursor.member(), score, point);
                if (limit > 0 && found.size >= limit) break;
            }
        }
    }

    private static void reply(ReplyWriter r, Found found, int[] order, int returned, double conversion,
                              boolean withDist, boolean withHash, boolean withCoord) {
        int options = (withDist ? 1 : 0) + (withHash ? 1 : 0) + (withCoord ? 1 : 0);
        r.array(returned);
        for (int i = 0; i < returned; i++) {
            int p = order[i];
            if (options > 0) r.array(options + 1);
            r.bulk(found.member[p]);
            if (withDist) GeoCommands.distance(r, found.distance[p] / conversion);
            if (withHash) r.integer((long) found.score[p]);
            if (withCoord) {
                r.array(2);
                GeoCommands.coordinate(r, found.longitude[p]);
                GeoCommands.coordinate(r, found.latitude[p]);
            }
        }
    }

    /** The matches in the order found: parallel arrays, distances in meters. */
    private static final class Found {
        int size;
        byte[][] member = new byte[8][];
        double[] score = new double[8];
        double[] distance = new double[8];
        double[] longitude = new double[8];
        double[] latitude = new double[8];

        void add(byte[] m, double s, double[] point) {
            if (size == member.length) {
                int capacity = size * 2;
                member = Arrays.copyOf(member, capacity);
                score = Arrays.copyOf(score, capacity);
                distance = Arrays.copyOf(distance, capacity);
                longitude = Arrays.copyOf(longitude, capacity);
                latitude = Arrays.copyOf(latitude, capacity);
            }
            member[size] = m;
            score[size] = s;
            longitude[size] = point[0];
            latitude[size] = point[1];
            distance[size] = point[2];
            size++;
        }
    }
}
