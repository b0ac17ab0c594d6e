package io.basalt.util;

/**
 * Redis's geohash arithmetic: a longitude/latitude pair becomes a 52-bit integer (26 bits of
 * each, interleaved, latitude in the even bits) stored as a sorted-set score; cells of coarser
 * steps, their eight neighbours, and great-circle distances. Every operation is done in the
 * same order and precision as Redis's geohash.c and geohash_helper.c, so scores, decoded
 * positions and distances agree with Redis to the last bit (the trigonometry comes from the C
 * library, see {@link LibM}).
 */
public final class GeoHash {
    /** 26 bits per coordinate: 52-bit scores, exact in a double. */
    public static final int STEP_MAX = 26;
    /** The Web Mercator limits (EPSG:900913): the poles themselves cannot be indexed. */
    public static final double LAT_MIN = -85.05112878;
    public static final double LAT_MAX = 85.05112878;
    public static final double LONG_MIN = -180;
    public static final double LONG_MAX = 180;
    /** The Earth's quadratic mean radius for WGS-84, as Redis uses it. */
    public static final double EARTH_RADIUS_IN_METERS = 6372797.560856;
    private static final double MERCATOR_MAX = 20037726.37;
    private static final double DEG_TO_RAD = Math.PI / 180.0;
    private static final byte[] BASE32 = Ascii.bytes("0123456789bcdefghjkmnpqrstuvwxyz");

    /** Indexes into a decoded cell, see {@link #decodeCell}. */
    static final int LON_MIN = 0, LON_MAX = 1, LAT_MIN_AT = 2, LAT_MAX_AT = 3;

    private GeoHash() {}

    /** Whether GEOADD and the searches accept the pair (the bounds are inclusive). */
    public static boolean isValid(double longitude, double latitude) {
        return !(longitude < LONG_MIN || longitude > LONG_MAX || latitude < LAT_MIN || latitude > LAT_MAX);
    }

    /**
     * The sorted-set score of a valid pair. Redis passes the integer to ZADD as text, so the
     * few hashes above 2^53 (points on the 180th meridian) are rounded to a double the same way.
     */
    public static double score(double longitude, double latitude) {
        return (double) encode(longitude, latitude, STEP_MAX, LAT_MIN, LAT_MAX);
    }

    /**
     * The cell of {@code step} bits per coordinate that holds the pair, with latitudes mapped
     * from [latMin, latMax]. A pair on the upper edge lands one past the last cell, as in Redis
     * (a point at latitude 85.05112878 gets a score above 2^52).
     */
    static long encode(double longitude, double latitude, int step, double latMin, double latMax) {
        double latOffset = (latitude - latMin) / (latMax - latMin);
        double longOffset = (longitude - LONG_MIN) / (LONG_MAX - LONG_MIN);
        latOffset *= (double) (1L << step);
        longOffset *= (double) (1L << step);
        return interleave((long) latOffset & 0xFFFFFFFFL, (long) longOffset & 0xFFFFFFFFL);
    }

    /**
     * Decodes a score into the centre of its cell: {@code xy[0]} longitude, {@code xy[1]}
     * latitude, clamped to the valid ranges. Any score decodes: it is converted to a 64-bit
     * integer as C's {@code (uint64_t)} cast does on x86-64, so scores ZADD put in a geo set
     * give the positions Redis reports.
     */
    public static void decode(double score, double[] xy) {
        long separated = deinterleave(toUnsigned64(score));
        long latIndex = separated & 0xFFFFFFFFL;
        long longIndex = separated >>> 32;
        double cells = (double) (1L << STEP_MAX);
        double longitude = (longEdge(longIndex, cells) + longEdge((longIndex + 1) & 0xFFFFFFFFL, cells)) / 2;
        double latitude = (latEdge(latIndex, cells) + latEdge((latIndex + 1) & 0xFFFFFFFFL, cells)) / 2;
        xy[0] = Math.min(Math.max(longitude, LONG_MIN), LONG_MAX);
        xy[1] = Math.min(Math.max(latitude, LAT_MIN), LAT_MAX);
    }

    /**
     * C's double to uint64_t conversion as gcc emits it for x86-64: values below 2^63 convert
     * signed (truncated; below -2^63 the CPU's "indefinite" 0x8000000000000000, which Java's
     * saturation also gives), larger ones have 2^63 subtracted first, so 2^64 and beyond
     * (infinity too) end as 0.
     */
    static long toUnsigned64(double d) {
        if (d != d) return Long.MIN_VALUE;
        if (d < 0x1p63) return (long) d;
        if (d >= 0x1p64) return 0;
        return (long) (d - 0x1p63) ^ Long.MIN_VALUE;
    }

    /**
     * The bounds of a cell of {@code step} bits per coordinate, into {@code cell}: longitude
     * min/max then latitude min/max. Each coordinate's cell index is read as a 32-bit unsigned
     * integer, as in Redis, including the wrap of index + 1.
     */
    static void decodeCell(long bits, int step, double[] cell) {
        long separated = deinterleave(bits);
        long latIndex = separated & 0xFFFFFFFFL;
        long longIndex = separated >>> 32;
        double cells = (double) (1L << step);
        cell[LAT_MIN_AT] = latEdge(latIndex, cells);
        cell[LAT_MAX_AT] = latEdge((latIndex + 1) & 0xFFFFFFFFL, cells);
        cell[LON_MIN] = longEdge(longIndex, cells);
        cell[LON_MAX] = longEdge((longIndex + 1) & 0xFFFFFFFFL, cells);
    }

    /** The southern edge of the cell with this (unsigned 32-bit) index among {@code cells}. */
    private static double latEdge(long index, double cells) {
        return LAT_MIN + (index * 1.0 / cells) * (LAT_MAX - LAT_MIN);
    }

    /** The western edge of the cell with this (unsigned 32-bit) index among {@code cells}. */
    private static double longEdge(long index, double cells) {
        return LONG_MIN + (index * 1.0 / cells) * (LONG_MAX - LONG_MIN);
    }

    /**
     * GEOHASH's 11-character string: the decoded position re-encoded over the standard
     * latitude range [-90, 90], 52 bits in ten base-32 characters and a final '0'.
     */
    public static byte[] standardHash(double score) {
        double[] xy = new double[2];
        decode(score, xy);
        long bits = encode(xy[0], xy[1], STEP_MAX, -90, 90);
        byte[] out = new byte[11];
        for (int i = 0; i < 10; i++) out[i] = BASE32[(int) ((bits >>> (52 - (i + 1) * 5)) & 0x1f)];
        out[10] = '0';
        return out;
    }

    /** Spreads the low 32 bits of {@code x} over the even bits and those of {@code y} over the odd. */
    static long interleave(long x, long y) {
        return spread(x) | (spread(y) << 1);
    }

    private static long spread(long v) {
        v = (v | (v << 16)) & 0x0000FFFF0000FFFFL;
        v = (v | (v << 8)) & 0x00FF00FF00FF00FFL;
        v = (v | (v << 4)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v << 2)) & 0x3333333333333333L;
        return (v | (v << 1)) & 0x5555555555555555L;
    }

    /** The even bits gathered in the low half, the odd bits in the high half. */
    static long deinterleave(long bits) {
        return gather(bits) | (gather(bits >>> 1) << 32);
    }

    private static long gather(long v) {
        v &= 0x5555555555555555L;
        v = (v | (v >>> 1)) & 0x3333333333333333L;
        v = (v | (v >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v >>> 4)) & 0x00FF00FF00FF00FFL;
        v = (v | (v >>> 8)) & 0x0000FFFF0000FFFFL;
        return (v | (v >>> 16)) & 0x00000000FFFFFFFFL;
    }

    /** The cell {@code d} (-1, 0 or 1) cells east of {@code bits}, wrapping around. */
    static long moveEast(long bits, int step, int d) {
        return move(bits, step, d, 0xaaaaaaaaaaaaaaaaL, 0x5555555555555555L);
    }

    /** The cell {@code d} (-1, 0 or 1) cells north of {@code bits}, wrapping around. */
    static long moveNorth(long bits, int step, int d) {
        return move(bits, step, d, 0x5555555555555555L, 0xaaaaaaaaaaaaaaaaL);
    }

    /**
     * Adds ±1 to the coordinate held in the {@code mine} bits: the filler {@code zz} sets the
     * other coordinate's positions so the carry (or borrow) ripples across them.
     */
    private static long move(long bits, int step, int d, long mine, long other) {
        if (d == 0) return bits;
        long m = bits & mine;
        long o = bits & other;
        long zz = other >>> (64 - step * 2);
        if (d > 0) {
            m = m + (zz + 1);
        } else {
            m = m | zz;
            m = m - (zz + 1);
        }
        m &= mine >>> (64 - step * 2);
        return m | o;
    }

    /**
     * The step (bits per coordinate) of the nine cells covering a search of this radius,
     * widened near the poles where meridians converge; radius 0 searches the finest cells.
     */
    public static int estimateSteps(double rangeMeters, double latitude) {
        if (rangeMeters == 0) return STEP_MAX;
        int step = 1;
        while (rangeMeters < MERCATOR_MAX) {
            rangeMeters *= 2;
            step++;
        }
        step -= 2;
        if (latitude > 66 || latitude < -66) {
            step--;
            if (latitude > 80 || latitude < -80) step--;
        }
        if (step < 1) step = 1;
        if (step > STEP_MAX) step = STEP_MAX;
        return step;
    }

    static double toRadians(double degrees) {
        return degrees * DEG_TO_RAD;
    }

    static double toDegrees(double radians) {
        return radians / DEG_TO_RAD;
    }

    /** The distance along a meridian between two latitudes, in meters. */
    public static double latitudeDistance(double lat1, double lat2) {
        return EARTH_RADIUS_IN_METERS * Math.abs(toRadians(lat2) - toRadians(lat1));
    }

    /** The haversine great-circle distance in meters. */
    public static double distance(double lon1, double lat1, double lon2, double lat2) {
        double lon1r = toRadians(lon1);
        double lon2r = toRadians(lon2);
        double v = LibM.sin((lon2r - lon1r) / 2);
        if (v == 0.0) return latitudeDistance(lat1, lat2);
        double lat1r = toRadians(lat1);
        double lat2r = toRadians(lat2);
        double u = LibM.sin((lat2r - lat1r) / 2);
        double a = u * u + LibM.cos(lat1r) * LibM.cos(lat2r) * v * v;
        return 2.0 * EARTH_RADIUS_IN_METERS * LibM.asin(Math.sqrt(a));
    }
}
