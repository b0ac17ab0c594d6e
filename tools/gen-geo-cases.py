#!/usr/bin/env python3
"""Record real Redis's geo scores, positions, geohashes and search results, for GeoHashTest.

Usage: tools/gen-geo-cases.py PORT [SEED]   (a running redis-server 7.0 on 127.0.0.1:PORT;
its db 15 is flushed and used). Writes src/test/resources/geo/redis-geo-cases.txt:
  P member longitude latitude score geopos-longitude geopos-latitude geohash
  Q circle longitude latitude radius unit   |   Q box longitude latitude width height unit
  R member distance member distance ...     (GEOSEARCH's unsorted order; each distance is
                                             the exact double GEOSEARCHSTORE STOREDIST stores)
Points cluster around a few places (many share a cell, some share a position), and include
the antimeridian and the latitude limits.
"""
import os, random, socket, sys

OUT = os.path.join(os.path.dirname(__file__), '..', 'src', 'test', 'resources', 'geo', 'redis-geo-cases.txt')
LAT_LIMIT = 85.05112878
UNITS = [b'm', b'km', b'ft', b'mi']


def cmd(s, f, *args):
    args = [a if isinstance(a, bytes) else str(a).encode() for a in args]
    out = b'*%d\r\n' % len(args)
    for a in args:
        out += b'$%d\r\n%s\r\n' % (len(a), a)
    s.sendall(out)
    return read(f)


def read(f):
    line = f.readline()[:-2]
    t, rest = line[:1], line[1:]
    if t in (b'+', b':'): return rest
    if t == b'-': raise RuntimeError(rest)
    if t == b'$':
        n = int(rest)
        return None if n < 0 else f.read(n + 2)[:-2]
    if t == b'*':
        n = int(rest)
        return None if n < 0 else [read(f) for _ in range(n)]
    raise RuntimeError(line)


def clamp(v, lo, hi):
    return min(max(v, lo), hi)


def point(rnd, centres):
    r = rnd.random()
    if r < 0.1:
        return rnd.uniform(-180, 180), rnd.uniform(-LAT_LIMIT, LAT_LIMIT)
    if r < 0.15:
        return rnd.choice([-180.0, 180.0, rnd.uniform(-180, 180)]), rnd.choice([-LAT_LIMIT, LAT_LIMIT])
    lon, lat = rnd.choice(centres)
    spread = rnd.choice([0.0001, 0.01, 0.5, 5])
    return clamp(lon + rnd.gauss(0, spread), -180, 180), clamp(lat + rnd.gauss(0, spread), -LAT_LIMIT, LAT_LIMIT)


def main():
    port = int(sys.argv[1])
    rnd = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 7015)
    s = socket.create_connection(('127.0.0.1', port))
    f = s.makefile('rb')
    cmd(s, f, 'SELECT', 15)
    cmd(s, f, 'FLUSHDB')
    centres = [(13.361389, 38.115556), (-0.1278, 51.5074), (179.9, -16.5), (-179.95, 65.0),
               (0.0, 0.0), (151.2093, -33.8688), (20.0, 84.9), (-70.0, -84.99)]
    lines = []
    queries = []
    for i in range(400):
        lon, lat = point(rnd, centres)
        if i % 40 == 39:
            lon, lat = float(lines[-1].split()[2]), float(lines[-1].split()[3])
        member = b'm%d' % i
        cmd(s, f, 'GEOADD', 'k', repr(lon), repr(lat), member)
        score = cmd(s, f, 'ZSCORE', 'k', member)
        pos = cmd(s, f, 'GEOPOS', 'k', member)[0]
        ghash = cmd(s, f, 'GEOHASH', 'k', member)[0]
        lines.append('P %s %r %r %s %s %s %s' % (member.decode(), lon, lat, score.decode(),
                                                  pos[0].decode(), pos[1].decode(), ghash.decode()))
    for i in range(400):
        r = rnd.random()
        if r < 0.6:
            near = rnd.choice(lines).split()
            lon = clamp(float(near[2]) + rnd.gauss(0, 0.001), -180, 180)
            lat = clamp(float(near[3]) + rnd.gauss(0, 0.001), -LAT_LIMIT, LAT_LIMIT)
        elif r < 0.8:
            lon, lat = point(rnd, centres)
        else:
            lon, lat = rnd.choice([-180.0, 180.0, 0.0, 179.99]), rnd.choice([-LAT_LIMIT, LAT_LIMIT, 0.0, 84.0])
        unit = rnd.choice(UNITS)
        size = rnd.choice([0] + [10 ** rnd.uniform(0, 6.5)] * 9 + [10 ** rnd.uniform(6.5, 7.5)])
        conversion = {b'm': 1, b'km': 1000, b'ft': 0.3048, b'mi': 1609.34}[unit]
        size = float('%.3f' % (size / conversion))
        if rnd.random() < 0.6:
            by = ['BYRADIUS', repr(size), unit]
            q = 'Q circle %r %r %r %s' % (lon, lat, size, unit.decode())
        else:
            height = float('%.3f' % (size * rnd.uniform(0.2, 3)))
            by = ['BYBOX', repr(size), repr(height), unit]
            q = 'Q box %r %r %r %r %s' % (lon, lat, size, height, unit.decode())
        found = cmd(s, f, 'GEOSEARCH', 'k', 'FROMLONLAT', repr(lon), repr(lat), *by)
        cmd(s, f, 'GEOSEARCHSTORE', 'dst', 'k', 'FROMLONLAT', repr(lon), repr(lat), *by, 'STOREDIST')
        result = ['R']
        for m in found:
            result += [m.decode(), cmd(s, f, 'ZSCORE', 'dst', m).decode()]
        queries.append(q)
        queries.append(' '.join(result))
    cmd(s, f, 'FLUSHDB')
    with open(OUT, 'w') as out:
        out.write('\n'.join(lines + queries) + '\n')


if __name__ == '__main__':
    main()
