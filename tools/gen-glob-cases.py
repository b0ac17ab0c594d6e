#!/usr/bin/env python3
"""Record how real Redis's KEYS matches random glob patterns, for GlobTest.

Usage: tools/gen-glob-cases.py PORT [SEED]   (a running redis-server 7.0 on 127.0.0.1:PORT;
its db 15 is flushed and used). Writes src/test/resources/glob/redis-keys-cases.txt:
line 1 holds the keys (hex, space separated); each further line is a pattern (hex) and the
indices of the keys KEYS returned for it. Patterns are never exactly "*", for which KEYS
skips matching altogether.
"""
import os, random, socket, sys

OUT = os.path.join(os.path.dirname(__file__), '..', 'src', 'test', 'resources', 'glob', 'redis-keys-cases.txt')
ALPHABET = [b'a', b'b', b'c', b'A', b'B', b'-', b']', b'[', b'^', b'\\', b'*', b'?', b'z', b'\xff', b'\x80', b'\x00']
KEY_ALPHABET = [b'a', b'b', b'c', b'A', b'B', b'-', b']', b'[', b'^', b'\\', b'*', b'?', b'z', b'\xff', b'\x80', b'\x00']


def cmd(s, f, *args):
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
        return [read(f) for _ in range(int(rest))]
    raise RuntimeError(line)


def derived(rnd, key):
    """A pattern built from a key, so that many patterns match something."""
    out = b''
    for i in range(len(key)):
        c = key[i:i + 1]
        r = rnd.random()
        if r < 0.15: out += b'?'
        elif r < 0.3: out += b'*'
        elif r < 0.4: out += b'[' + c + rnd.choice(ALPHABET) + b']'
        elif r < 0.45: out += b'[^' + rnd.choice(ALPHABET) + b']'
        elif r < 0.55: out += b'[' + rnd.choice(ALPHABET) + b'-' + rnd.choice(ALPHABET) + b']'
        elif r < 0.6: out += b'\\' + c
        else: out += c
    if rnd.random() < 0.2: out += b'*'
    if rnd.random() < 0.1: out += b'['
    return out


def main():
    port = int(sys.argv[1])
    rnd = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 7015)
    s = socket.create_connection(('127.0.0.1', port))
    f = s.makefile('rb')
    cmd(s, f, b'SELECT', b'15')
    cmd(s, f, b'FLUSHDB')
    keys = {b''}
    while len(keys) < 160:
        keys.add(b''.join(rnd.choice(KEY_ALPHABET) for _ in range(rnd.randint(1, 6))))
    keys = sorted(keys)
    for k in keys:
        cmd(s, f, b'SET', k, b'1')
    index = {k: i for i, k in enumerate(keys)}
    lines = [' '.join(k.hex() or '-' for k in keys)]
    patterns = set()
    while len(patterns) < 1200:
        if len(patterns) % 2:
            p = b''.join(rnd.choice(ALPHABET) for _ in range(rnd.randint(0, 8)))
        else:
            p = derived(rnd, rnd.choice(keys))
        if p != b'*':
            patterns.add(p)
    for p in sorted(patterns):
        got = sorted(index[k] for k in cmd(s, f, b'KEYS', p))
        lines.append((p.hex() or '-') + ' ' + (','.join(map(str, got)) or '-'))
    cmd(s, f, b'FLUSHDB')
    with open(OUT, 'w') as out:
        out.write('\n'.join(lines) + '\n')


main()
