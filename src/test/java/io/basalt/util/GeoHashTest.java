package io.basalt.util;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every expectation comes from real Redis 7.0.15 (GEOADD, then ZSCORE, GEOPOS, GEOHASH, GEODIST, GEOSEARCH). */
class GeoHashTest {
    private static String human(double v) {
        return LongDouble.of(v).toString();
    }

    private static String position(double score) {
        double[] xy = new double[2];
        GeoHash.decode(score, xy);
        return human(xy[0]) + " " + human(xy[1]);
    }

    private static String hash(double score) {
        return new String(GeoHash.standardHash(score), StandardCharsets.US_ASCII);
    }

    @Test
    void scoresOfCities() {
        assertThat(GeoHash.score(13.361389, 38.115556)).isEqualTo(3479099956230698.0);
        assertThat(GeoHash.score(15.087269, 37.502669)).isEqualTo(3479447370796909.0);
        assertThat(GeoHash.score(-0.1278, 51.5074)).isEqualTo(2163557714755072.0);
        assertThat(GeoHash.score(-73.9857, 40.7484)).isEqualTo(1791875672646935.0);
        assertThat(GeoHash.score(151.2093, -33.8688)).isEqualTo(3252046221964352.0);
        assertThat(GeoHash.score(0, 0)).isEqualTo(3377699720527872.0);
        assertThat(GeoHash.score(-179.9999, -16.5)).isEqualTo(353287975294536.0);
    }

    @Test
    void theCornersOfTheMap() {
        assertThat(GeoHash.score(-180, -85.05112878)).isZero();
        // The upper edge lands one cell past the last: Redis stores a score above 2^52.
        assertThat(GeoHash.score(180, 85.05112878)).isEqualTo(13510798882111488.0);
        // 9311833773065221 is not a double: ZADD's text-to-score conversion rounds it.
        assertThat(GeoHash.score(180, -23.167503497437984)).isEqualTo(9311833773065220.0);
        assertThat(position(0)).isEqualTo("-179.99999731779098511 -85.05112751263942528");
        assertThat(position(13510798882111488L)).isEqualTo("180 85.0511287799999991");
        assertThat(hash(0)).isEqualTo("00bh0hbj200");
        assertThat(hash(13510798882111488L)).isEqualTo("bp05b5048p0");
        assertThat(GeoHash.isValid(180, 85.05112878)).isTrue();
        assertThat(GeoHash.isValid(180.0000001, 0)).isFalse();
        assertThat(GeoHash.isValid(0, -85.05112879)).isFalse();
    }

    @Test
    void positionsAndHashes() {
        assertThat(position(3479099956230698L)).isEqualTo("13.36138933897018433 38.11555639549629859");
        assertThat(position(3377699720527872L)).isEqualTo("0.00000268220901489 0.00000126736058093");
        assertThat(position(2163557714755072L)).isEqualTo("-0.12779921293258667 51.50740077990133159");
        assertThat(hash(3479099956230698L)).isEqualTo("sqc8b49rny0");
        assertThat(hash(3377699720527872L)).isEqualTo("s0000000000");
        assertThat(hash(1791875672646935L)).isEqualTo("dr5ru6j28h0");
    }

    /** Scores ZADD put in a key: converted as C's (uint64_t) cast, then clamped. */
    @Test
    void scoresThatAreNotGeohashes() {
        assertThat(position(-5)).isEqualTo("180 85.0511287799999991");
        assertThat(position(1e20)).isEqualTo("-179.99999731779098511 -85.05112751263942528");
        assertThat(position(Double.POSITIVE_INFINITY)).isEqualTo("-179.99999731779098511 -85.05112751263942528");
        assertThat(position(Double.NEGATIVE_INFINITY)).isEqualTo("180 -85.05112751263942528");
        assertThat(position(0.5)).isEqualTo("-179.99999731779098511 -85.05112751263942528");
        assertThat(position(9007199254740992L)).isEqualTo("180 -85.05112751263942528");
        assertThat(position(4503599627370496L)).isEqualTo("-179.99999731779098511 85.0511287799999991");
        assertThat(position(1e19)).isEqualTo("180 85.0511287799999991");
        assertThat(position(-1e19)).isEqualTo("180 -85.05112751263942528");
        assertThat(position(1.5e19)).isEqualTo("180 85.0511287799999991");
        assertThat(hash(4503599627370496L)).isEqualTo("bp05b5048p0");
        assertThat(hash(-1e19)).isEqualTo("00bh0hbj200");
        assertThat(hash(Double.NEGATIVE_INFINITY)).isEqualTo("00bh0hbj200");
        assertThat(hash(-5)).isEqualTo("bp05b5048p0");
    }

    /** GEODIST's meters between the decoded positions (Redis prints them with four decimals). */
    @Test
    void distances() {
        assertThat(distance(3479099956230698L, 3479447370796909L)).isEqualTo("166274.1516");
        assertThat(distance(2163557714755072L, 1791875672646935L)).isEqualTo("5567980.3848");
        assertThat(distance(0, 13510798882111488L)).isEqualTo("18919844.5891");
        assertThat(distance(3377699720527872L, 2163557714755072L)).isEqualTo("5728990.0776");
    }

    private static String distance(double score1, double score2) {
        double[] a = new double[2];
        double[] b = new double[2];
        GeoHash.decode(score1, a);
        GeoHash.decode(score2, b);
        return String.format("%.4f", GeoHash.distance(a[0], a[1], b[0], b[1]));
    }

    @Test
    void stepsGrowWithTheRadiusAndNearThePoles() {
        assertThat(GeoHash.estimateSteps(0, 0)).isEqualTo(26);
        // 1 m doubles 25 times before reaching the Mercator half-width, 1 km 15 times.
        assertThat(GeoHash.estimateSteps(1, 0)).isEqualTo(24);
        assertThat(GeoHash.estimateSteps(1000, 0)).isEqualTo(14);
        assertThat(GeoHash.estimateSteps(1000, 70)).isEqualTo(13);
        assertThat(GeoHash.estimateSteps(1000, -81)).isEqualTo(12);
        assertThat(GeoHash.estimateSteps(1e7, 0)).isEqualTo(1);
        assertThat(GeoHash.estimateSteps(Double.POSITIVE_INFINITY, 0)).isEqualTo(1);
        assertThat(GeoHash.estimateSteps(1e-300, 0)).isEqualTo(26);
    }

    @Test
    void neighboursWrapAround() {
        int step = 2;
        long eastmost = GeoHash.encode(179, 0, step, GeoHash.LAT_MIN, GeoHash.LAT_MAX);
        long westmost = GeoHash.encode(-179, 0, step, GeoHash.LAT_MIN, GeoHash.LAT_MAX);
        assertThat(GeoHash.moveEast(eastmost, step, 1)).isEqualTo(westmost);
        assertThat(GeoHash.moveEast(westmost, step, -1)).isEqualTo(eastmost);
        long north = GeoHash.moveNorth(westmost, step, 1);
        assertThat(GeoHash.moveNorth(north, step, -1)).isEqualTo(westmost);
        assertThat(GeoHash.deinterleave(GeoHash.interleave(0x12345678L, 0x9abcdef0L))).isEqualTo(0x9abcdef012345678L);
    }

    /** Cases recorded by tools/gen-geo-cases.py: see the file's format there. */
    @Test
    void recordedPointsAndSearches() throws IOException {
        List<String[]> points = new ArrayList<>();
        List<String[]> queries = new ArrayList<>();
        List<String[]> results = new ArrayList<>();
        try (InputStream in = GeoHashTest.class.getResourceAsStream("/geo/redis-geo-cases.txt");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split(" ");
                switch (f[0]) {
                    case "P" -> points.add(f);
                    case "Q" -> queries.add(f);
                    default -> results.add(f);
                }
            }
        }
        assertThat(points).hasSizeGreaterThan(100);
        assertThat(queries).hasSameSizeAs(results).hasSizeGreaterThan(100);

        // The sorted set: by score, then member.
        String[][] set = new String[points.size()][];
        for (int i = 0; i < set.length; i++) {
            String[] p = points.get(i);
            double score = GeoHash.score(Double.parseDouble(p[2]), Double.parseDouble(p[3]));
            assertThat(Long.toString((long) score)).as(p[1]).isEqualTo(p[4]);
            assertThat(position(score)).as(p[1]).isEqualTo(p[5] + " " + p[6]);
            assertThat(hash(score)).as(p[1]).isEqualTo(p[7]);
            set[i] = new String[] {p[1], p[4]};
        }
        Arrays.sort(set, Comparator.<String[]>comparingLong(e -> Long.parseLong(e[1])).thenComparing(e -> e[0]));

        for (int q = 0; q < queries.size(); q++) {
            String[] f = queries.get(q);
            double lon = Double.parseDouble(f[2]);
            double lat = Double.parseDouble(f[3]);
            GeoShape shape = f[1].equals("circle")
                    ? GeoShape.circle(lon, lat, Double.parseDouble(f[4]), conversion(f[5]))
                    : GeoShape.box(lon, lat, Double.parseDouble(f[4]), Double.parseDouble(f[5]), conversion(f[6]));
            assertThat(search(set, shape)).as(String.join(" ", f)).isEqualTo(expected(results.get(q)));
        }
    }

    private static double conversion(String unit) {
        return switch (unit) {
            case "m" -> 1;
            case "km" -> 1000;
            case "ft" -> 0.3048;
            default -> 1609.34;
        };
    }

    /** GEOSEARCH over the nine ranges, unsorted, each member with its exact distance in units. */
    private static String search(String[][] set, GeoShape shape) {
        double[] min = new double[GeoShape.MAX_RANGES];
        double[] max = new double[GeoShape.MAX_RANGES];
        int n = shape.scoreRanges(min, max);
        StringBuilder out = new StringBuilder("R");
        double[] found = new double[3];
        for (int i = 0; i < n; i++) {
            for (String[] e : set) {
                double score = Long.parseLong(e[1]);
                if (score < min[i] || score >= max[i]) continue;
                if (!shape.contains(score, found)) continue;
                out.append(' ').append(e[0]).append(' ').append(found[2] / shape.conversion());
            }
        }
        return out.toString();
    }

    /** A recorded result with its distances ("%.17g", as ZSCORE prints) in Java's notation. */
    private static String expected(String[] result) {
        StringBuilder out = new StringBuilder("R");
        for (int i = 1; i < result.length; i += 2) {
            out.append(' ').append(result[i]).append(' ').append(Double.parseDouble(result[i + 1]));
        }
        return out.toString();
    }
}
