package io.basalt.command.family;

import io.basalt.testing.Harness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every expected reply is real Redis 7.0.15's. */
class GeoCommandsTest {
    private final Harness h = new Harness();

    private static final String PALERMO = "*2\r\n$20\r\n13.36138933897018433\r\n$20\r\n38.11555639549629859\r\n";
    private static final String CATANIA = "*2\r\n$20\r\n15.08726745843887329\r\n$20\r\n37.50266842333162032\r\n";

    @BeforeEach
    void sicily() {
        assertThat(h.raw("GEOADD", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"))
                .isEqualTo(":2\r\n");
    }

    @Test
    void geoaddStoresGeohashesAsScores() {
        assertThat(h.raw("ZSCORE", "Sicily", "Palermo")).isEqualTo("$16\r\n3479099956230698\r\n");
        assertThat(h.raw("TYPE", "Sicily")).isEqualTo("+zset\r\n");
        assertThat(h.raw("GEOADD", "Sicily", "13.361389", "38.115556", "Palermo")).isEqualTo(":0\r\n");
        assertThat(h.raw("GEOADD", "Sicily", "CH", "13.5", "38.1", "Palermo", "13.5765", "37.3111", "Agrigento"))
                .isEqualTo(":2\r\n");
        assertThat(h.raw("GEOADD", "Sicily", "NX", "1", "1", "Palermo", "12.4964", "41.9028", "Rome")).isEqualTo(":1\r\n");
        assertThat(h.raw("GEOADD", "Sicily", "XX", "1", "1", "Rome", "14.2681", "40.8518", "Naples")).isEqualTo(":0\r\n");
        assertThat(h.raw("ZCARD", "Sicily")).isEqualTo(":4\r\n");
        assertThat(h.raw("GEOADD", "other", "XX", "1", "1", "a")).isEqualTo(":0\r\n");
        assertThat(h.raw("EXISTS", "other")).isEqualTo(":0\r\n");
    }

    @Test
    void geoaddRefusesBadInputBeforeWriting() {
        assertThat(h.raw("GEOADD", "k", "200", "100", "x"))
                .isEqualTo("-ERR invalid longitude,latitude pair 200.000000,100.000000\r\n");
        assertThat(h.raw("GEOADD", "k", "0", "85.05112879", "x"))
                .isEqualTo("-ERR invalid longitude,latitude pair 0.000000,85.051129\r\n");
        assertThat(h.raw("GEOADD", "k", "-inf", "-0", "x"))
                .isEqualTo("-ERR invalid longitude,latitude pair -inf,-0.000000\r\n");
        assertThat(h.raw("GEOADD", "k", "1", "2", "a", "200", "0", "b"))
                .isEqualTo("-ERR invalid longitude,latitude pair 200.000000,0.000000\r\n");
        assertThat(h.raw("EXISTS", "k")).isEqualTo(":0\r\n");
        assertThat(h.raw("GEOADD", "k", "abc", "0", "x")).isEqualTo("-ERR value is not a valid float\r\n");
        assertThat(h.raw("GEOADD", "k", "NX", "XX", "1", "1", "x")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("GEOADD", "k", "1", "1", "a", "2")).isEqualTo("-ERR syntax error\r\n");
        h.raw("SET", "s", "v");
        assertThat(h.raw("GEOADD", "s", "200", "2", "a"))
                .isEqualTo("-ERR invalid longitude,latitude pair 200.000000,2.000000\r\n");
        assertThat(h.raw("GEOADD", "s", "1", "2", "a"))
                .isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void geoposGeodistGeohash() {
        assertThat(h.raw("GEOPOS", "Sicily", "Palermo", "missing", "Catania"))
                .isEqualTo("*3\r\n" + PALERMO + "*-1\r\n" + CATANIA);
        assertThat(h.raw("GEOPOS", "nokey", "a")).isEqualTo("*1\r\n*-1\r\n");
        assertThat(h.raw("GEODIST", "Sicily", "Palermo", "Catania")).isEqualTo("$11\r\n166274.1516\r\n");
        assertThat(h.raw("GEODIST", "Sicily", "Palermo", "Catania", "km")).isEqualTo("$8\r\n166.2742\r\n");
        assertThat(h.raw("GEODIST", "Sicily", "Palermo", "Catania", "MI")).isEqualTo("$8\r\n103.3182\r\n");
        assertThat(h.raw("GEODIST", "Sicily", "Palermo", "Catania", "ft")).isEqualTo("$11\r\n545518.8700\r\n");
        assertThat(h.raw("GEODIST", "Sicily", "Palermo", "Palermo")).isEqualTo("$6\r\n0.0000\r\n");
        assertThat(h.raw("GEODIST", "Sicily", "Palermo", "missing")).isEqualTo("$-1\r\n");
        assertThat(h.raw("GEODIST", "nokey", "a", "b", "yards"))
                .isEqualTo("-ERR unsupported unit provided. please use M, KM, FT, MI\r\n");
        assertThat(h.raw("GEODIST", "Sicily", "Palermo", "Catania", "km", "x")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("GEOHASH", "Sicily", "Palermo", "missing", "Catania"))
                .isEqualTo("*3\r\n$11\r\nsqc8b49rny0\r\n$-1\r\n$11\r\nsqdtr74hyu0\r\n");
    }

    @Test
    void resp3() {
        h.raw("HELLO", "3");
        assertThat(h.raw("GEOPOS", "Sicily", "Palermo", "missing"))
                .isEqualTo("*2\r\n*2\r\n,13.36138933897018433\r\n,38.11555639549629859\r\n_\r\n");
        assertThat(h.raw("GEODIST", "Sicily", "Palermo", "missing")).isEqualTo("_\r\n");
        assertThat(h.raw("GEOHASH", "Sicily", "missing")).isEqualTo("*1\r\n_\r\n");
        assertThat(h.raw("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km",
                "WITHCOORD", "WITHDIST", "WITHHASH", "ASC")).isEqualTo("*2\r\n"
                + "*4\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n:3479447370796909\r\n"
                + "*2\r\n,15.08726745843887329\r\n,37.50266842333162032\r\n"
                + "*4\r\n$7\r\nPalermo\r\n$8\r\n190.4424\r\n:3479099956230698\r\n"
                + "*2\r\n,13.36138933897018433\r\n,38.11555639549629859\r\n");
    }

    @Test
    void scoresThatAreNotGeohashesStillDecode() {
        h.raw("ZADD", "z", "-5", "a", "1e20", "b", "-inf", "c");
        assertThat(h.raw("GEOPOS", "z", "a", "b", "c")).isEqualTo("*3\r\n"
                + "*2\r\n$3\r\n180\r\n$19\r\n85.0511287799999991\r\n"
                + "*2\r\n$22\r\n-179.99999731779098511\r\n$21\r\n-85.05112751263942528\r\n"
                + "*2\r\n$3\r\n180\r\n$21\r\n-85.05112751263942528\r\n");
        assertThat(h.raw("GEOHASH", "z", "a", "c")).isEqualTo("*2\r\n$11\r\nbp05b5048p0\r\n$11\r\n00bh0hbj200\r\n");
    }

    @Test
    void searchOrders() {
        h.raw("GEOADD", "Sicily", "13.5765", "37.3111", "Agrigento", "15.5540", "38.1938", "Messina");
        assertThat(h.raw("GEORADIUS", "Sicily", "15", "37", "200", "km"))
                .isEqualTo("*4\r\n$9\r\nAgrigento\r\n$7\r\nPalermo\r\n$7\r\nCatania\r\n$7\r\nMessina\r\n");
        assertThat(h.raw("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC"))
                .isEqualTo("*4\r\n$7\r\nCatania\r\n$9\r\nAgrigento\r\n$7\r\nMessina\r\n$7\r\nPalermo\r\n");
        assertThat(h.raw("GEORADIUS_RO", "Sicily", "15", "37", "200", "km", "DESC", "WITHDIST", "COUNT", "2"))
                .isEqualTo("*2\r\n*2\r\n$7\r\nPalermo\r\n$8\r\n190.4424\r\n*2\r\n$7\r\nMessina\r\n$8\r\n141.4724\r\n");
        assertThat(h.raw("GEORADIUS", "Sicily", "15", "37", "200", "km", "COUNT", "2", "ANY", "DESC"))
                .isEqualTo("*2\r\n$7\r\nPalermo\r\n$9\r\nAgrigento\r\n");
        assertThat(h.raw("GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYBOX", "400", "100", "km", "ASC", "WITHDIST"))
                .isEqualTo("*2\r\n*2\r\n$7\r\nPalermo\r\n$6\r\n0.0000\r\n*2\r\n$7\r\nMessina\r\n$8\r\n191.9636\r\n");
        assertThat(h.raw("GEORADIUSBYMEMBER", "Sicily", "Agrigento", "100", "km", "WITHHASH"))
                .isEqualTo("*2\r\n*2\r\n$9\r\nAgrigento\r\n:3479029876785803\r\n*2\r\n$7\r\nPalermo\r\n:3479099956230698\r\n");
        assertThat(h.raw("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "m")).isEqualTo("*0\r\n");
        assertThat(h.raw("GEOSEARCH", "nokey", "FROMMEMBER", "x", "BYRADIUS", "1", "m")).isEqualTo("*0\r\n");
    }

    /** Equal distances: a full sort keeps the found order, a COUNT's partial quicksort does not. */
    @Test
    void ties() {
        h.raw("GEOADD", "rome", "12.4964", "41.9028", "center", "12.4964", "41.9028", "twin1",
                "12.4964", "41.9028", "twin2", "12.4864", "41.9028", "west1", "12.5064", "41.9028", "east1",
                "12.4964", "41.9028", "twin3", "12.4964", "41.9028", "twin4");
        assertThat(h.raw("GEORADIUSBYMEMBER", "rome", "twin2", "1", "km", "ASC")).isEqualTo("*7\r\n$6\r\ncenter\r\n"
                + "$5\r\ntwin1\r\n$5\r\ntwin2\r\n$5\r\ntwin3\r\n$5\r\ntwin4\r\n$5\r\nwest1\r\n$5\r\neast1\r\n");
        assertThat(h.raw("GEORADIUSBYMEMBER", "rome", "twin2", "1", "km", "COUNT", "4"))
                .isEqualTo("*4\r\n$5\r\ntwin2\r\n$6\r\ncenter\r\n$5\r\ntwin1\r\n$5\r\ntwin3\r\n");
    }

    @Test
    void storeAndStoredist() {
        assertThat(h.raw("GEORADIUS", "Sicily", "15", "37", "200", "km", "STOREDIST", "dst")).isEqualTo(":2\r\n");
        assertThat(h.raw("ZRANGE", "dst", "0", "-1", "WITHSCORES")).isEqualTo("*4\r\n$7\r\nCatania\r\n"
                + "$18\r\n56.441257870158204\r\n$7\r\nPalermo\r\n$18\r\n190.44242984775784\r\n");
        h.raw("SET", "dst", "x", "EX", "100");
        assertThat(h.raw("GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km"))
                .isEqualTo(":2\r\n");
        assertThat(h.raw("TTL", "dst")).isEqualTo(":-1\r\n");
        assertThat(h.raw("ZRANGE", "dst", "0", "-1", "WITHSCORES")).isEqualTo("*4\r\n$7\r\nPalermo\r\n"
                + "$16\r\n3479099956230698\r\n$7\r\nCatania\r\n$16\r\n3479447370796909\r\n");
        assertThat(h.raw("OBJECT", "ENCODING", "dst")).isEqualTo("$8\r\nlistpack\r\n");
        assertThat(h.raw("GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m")).isEqualTo(":0\r\n");
        assertThat(h.raw("EXISTS", "dst")).isEqualTo(":0\r\n");
        h.raw("SET", "dst", "x");
        assertThat(h.raw("GEORADIUSBYMEMBER", "nokey", "a", "abc", "parsecs", "STORE", "dst")).isEqualTo(":0\r\n");
        assertThat(h.raw("EXISTS", "dst")).isEqualTo(":0\r\n");
        h.raw("CONFIG", "SET", "zset-max-listpack-entries", "1");
        assertThat(h.raw("GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km",
                "STOREDIST")).isEqualTo(":2\r\n");
        assertThat(h.raw("OBJECT", "ENCODING", "dst")).isEqualTo("$8\r\nskiplist\r\n");
    }

    @Test
    void searchErrors() {
        assertThat(h.raw("GEOSEARCH", "Sicily", "BYRADIUS", "200", "km", "WITHDIST", "ASC"))
                .isEqualTo("-ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for GEOSEARCH\r\n");
        assertThat(h.raw("geoSearch", "Sicily", "FROMLONLAT", "15", "37", "WITHDIST", "ASC"))
                .isEqualTo("-ERR exactly one of BYRADIUS and BYBOX can be specified for geoSearch\r\n");
        assertThat(h.raw("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "km"))
                .isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("GEOSEARCH", "Sicily", "FROMMEMBER", "missing", "BYRADIUS", "1", "km"))
                .isEqualTo("-ERR could not decode requested zset member\r\n");
        assertThat(h.raw("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "-1", "km"))
                .isEqualTo("-ERR radius cannot be negative\r\n");
        assertThat(h.raw("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "1", "x", "km"))
                .isEqualTo("-ERR need numeric height\r\n");
        assertThat(h.raw("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "1", "-1", "km"))
                .isEqualTo("-ERR height or width cannot be negative\r\n");
        assertThat(h.raw("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km", "ANY"))
                .isEqualTo("-ERR the ANY argument requires COUNT argument\r\n");
        assertThat(h.raw("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km", "COUNT", "0"))
                .isEqualTo("-ERR COUNT must be > 0\r\n");
        assertThat(h.raw("GEORADIUS", "Sicily", "15", "37", "1", "km", "STORE", "d", "WITHDIST")).isEqualTo(
                "-ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options\r\n");
        assertThat(h.raw("GEOSEARCHSTORE", "d", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km", "WITHHASH"))
                .isEqualTo("-ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options\r\n");
        assertThat(h.raw("GEORADIUS_RO", "Sicily", "15", "37", "1", "km", "STORE", "d")).isEqualTo("-ERR syntax error\r\n");
        assertThat(h.raw("GEORADIUS", "Sicily", "15", "37", "abc", "km")).isEqualTo("-ERR need numeric radius\r\n");
        assertThat(h.raw("GEORADIUSBYMEMBER", "Sicily", "missing", "abc", "km"))
                .isEqualTo("-ERR could not decode requested zset member\r\n");
        h.raw("SET", "s", "v");
        assertThat(h.raw("GEORADIUS", "s", "200", "37", "1", "km"))
                .isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }
}
