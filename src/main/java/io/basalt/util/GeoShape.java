package io.basalt.util;

import static io.basalt.util.GeoHash.LAT_MAX_AT;
import static io.basalt.util.GeoHash.LAT_MIN_AT;
import static io.basalt.util.GeoHash.LON_MAX;
import static io.basalt.util.GeoHash.LON_MIN;

/**
 * The area of a geo search: a circle (BYRADIUS, GEORADIUS) or an axis-aligned box (BYBOX)
 * around a centre, sized in a unit ({@code conversion} meters each). It yields the sorted-set
 * score ranges to scan, the same nine geohash cells in the same order as Redis's
 * geohashCalculateAreasByShapeWGS84 and membersOfAllNeighbors, and decides which scanned
 * points lie inside, so the unsorted result order matches Redis's too.
 */
public final class GeoShape {
    /** At most nine cells: the centre's and its eight neighbours. */
    public static final int MAX_RANGES = 9;

    private final boolean box;
    private final double longitude;
    private final double latitude;
    private final double conversion;
    /** For a circle: the radius in units. */
    private final double radius;
    /** For a box: its full width and height in units. */
    private final double width;
    private final double height;

    private GeoShape(boolean box, double longitude, double latitude, double conversion,
                     double radius, double width, double height) {
        this.box = box;
        this.longitude = longitude;
        this.latitude = latitude;
        this.conversion = conversion;
        this.radius = radius;
        this.width = width;
        this.height = height;
    }

    public static GeoShape circle(double longitude, double latitude, double radius, double conversion) {
        return new GeoShape(false, longitude, latitude, conversion, radius, 0, 0);
    }

    public static GeoShape box(double longitude, double latitude, double width, double height, double conversion) {
        return new GeoShape(true, longitude, latitude, conversion, 0, width, height);
    }

    /** Meters per unit: distances are reported divided by it. */
    public double conversion() {
        return conversion;
    }

    /**
     * Decodes a score into {@code out[0]} longitude and {@code out[1]} latitude and, when the
     * point lies inside, its distance from the centre in meters into {@code out[2]}. The box
     * test compares the north-south and east-west distances with half the height and width
     * (at the point's latitude), as Redis does.
     */
    public boolean contains(double score, double[] out) {
        GeoHash.decode(score, out);
        double x = out[0];
        double y = out[1];
        if (!box) {
            double d = GeoHash.distance(longitude, latitude, x, y);
            if (d > radius * conversion) return false;
            out[2] = d;
            return true;
        }
        if (GeoHash.latitudeDistance(y, latitude) > height * conversion / 2) return false;
        if (GeoHash.distance(x, y, longitude, y) > width * conversion / 2) return false;
        out[2] = GeoHash.distance(longitude, latitude, x, y);
        return true;
    }

    /**
     * Fills {@code min[i]} (inclusive) and {@code max[i]} (exclusive) with the score ranges to
     * scan, in Redis's order (centre, north, south, east, west, north-east, north-west,
     * south-east, south-west), leaving out the neighbours that cannot hold a match and a
     * neighbour equal to the one scanned just before it. Returns how many were filled; the
     * arrays need {@link #MAX_RANGES} slots.
     */
    public int scoreRanges(double[] min, double[] max) {
        double heightMeters = conversion * (box ? height / 2 : radius);
        double widthMeters = conversion * (box ? width / 2 : radius);
        double latDelta = GeoHash.toDegrees(heightMeters / GeoHash.EARTH_RADIUS_IN_METERS);
        double longDeltaTop = GeoHash.toDegrees(widthMeters / GeoHash.EARTH_RADIUS_IN_METERS
                / LibM.cos(GeoHash.toRadians(latitude + latDelta)));
        double longDeltaBottom = GeoHash.toDegrees(widthMeters / GeoHash.EARTH_RADIUS_IN_METERS
                / LibM.cos(GeoHash.toRadians(latitude - latDelta)));
        // The box's wider edge is the one nearer the equator.
        double longDelta = latitude < 0 ? longDeltaBottom : longDeltaTop;
        double minLon = longitude - longDelta;
        double maxLon = longitude + longDelta;
        double minLat = latitude - latDelta;
        double maxLat = latitude + latDelta;

        double radiusMeters = box ? Math.sqrt((width / 2) * (width / 2) + (height / 2) * (height / 2)) : radius;
        radiusMeters *= conversion;
        int step = GeoHash.estimateSteps(radiusMeters, latitude);
        long centre = GeoHash.encode(longitude, latitude, step, GeoHash.LAT_MIN, GeoHash.LAT_MAX);

        // The estimate may leave the search area poking out past a neighbour: use bigger cells.
        double[] cell = new double[4];
        boolean tooFine = false;
        GeoHash.decodeCell(GeoHash.moveNorth(centre, step, 1), step, cell);
        if (cell[LAT_MAX_AT] < maxLat) tooFine = true;
        GeoHash.decodeCell(GeoHash.moveNorth(centre, step, -1), step, cell);
        if (cell[LAT_MIN_AT] > minLat) tooFine = true;
        GeoHash.decodeCell(GeoHash.moveEast(centre, step, 1), step, cell);
        if (cell[LON_MAX] < maxLon) tooFine = true;
        GeoHash.decodeCell(GeoHash.moveEast(centre, step, -1), step, cell);
        if (cell[LON_MIN] > minLon) tooFine = true;
        if (step > 1 && tooFine) {
            step--;
            centre = GeoHash.encode(longitude, latitude, step, GeoHash.LAT_MIN, GeoHash.LAT_MAX);
        }

        // Neighbours beyond an edge of the search area that the centre cell already crosses are useless.
        boolean noSouth = false, noNorth = false, noWest = false, noEast = false;
        if (step >= 2) {
            GeoHash.decodeCell(centre, step, cell);
            noSouth = cell[LAT_MIN_AT] < minLat;
            noNorth = cell[LAT_MAX_AT] > maxLat;
            noWest = cell[LON_MIN] < minLon;
            noEast = cell[LON_MAX] > maxLon;
        }
        long north = GeoHash.moveNorth(centre, step, 1);
        long south = GeoHash.moveNorth(centre, step, -1);
        int n = 0;
        long last = 0;
        boolean scannedNeighbour = false;
        for (int i = 0; i < MAX_RANGES; i++) {
            long bits;
            boolean useless;
            switch (i) {
                case 0 -> { bits = centre; useless = false; }
                case 1 -> { bits = north; useless = noNorth; }
                case 2 -> { bits = south; useless = noSouth; }
                case 3 -> { bits = GeoHash.moveEast(centre, step, 1); useless = noEast; }
                case 4 -> { bits = GeoHash.moveEast(centre, step, -1); useless = noWest; }
                case 5 -> { bits = GeoHash.moveEast(north, step, 1); useless = noNorth || noEast; }
                case 6 -> { bits = GeoHash.moveEast(north, step, -1); useless = noNorth || noWest; }
                case 7 -> { bits = GeoHash.moveEast(south, step, 1); useless = noSouth || noEast; }
                default -> { bits = GeoHash.moveEast(south, step, -1); useless = noSouth || noWest; }
            }
            if (useless) continue;
            // Huge radii make adjacent neighbours coincide. Like Redis, the comparison is with the
            // last scanned neighbour only; a neighbour equal to the centre is scanned again.
            if (scannedNeighbour && bits == last) continue;
            int shift = 52 - step * 2;
            min[n] = (double) (bits << shift);
            max[n] = (double) ((bits + 1) << shift);
            n++;
            last = bits;
            scannedNeighbour = i > 0;
        }
        return n;
    }
}
