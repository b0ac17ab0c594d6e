#!/usr/bin/env python3
"""Capture command facts (COMMAND INFO + COMMAND DOCS) from a real redis-server 7.0.

Usage: tools/capture-commands.py [--port P] [NAME ...]

A NAME is a command ("get") or one subcommand of a container ("client|id"). A container
named only through its subcommands keeps just those; named bare, it keeps all of them.
Subcommands newer than 7.0 that clients send anyway (CLIENT SETINFO) are written by hand
in tools/commands-after-7.0.json and taken from there when named.

Writes src/main/resources/io/basalt/command/commands.json: the commands already in that
file plus the NAMEs given, each as Redis 7.0 reports it. Starts its own redis-server on a
free loopback port unless --port names a running one. Review the diff before committing:
the file is Basalt's command table, and every entry needs a handler.

The JSON keeps the reply's structure; the only RESP type it cannot carry by itself is the
status string, used by Redis for flag sets, and the set: every list under a key named
"flags", "doc_flags" or "acl_categories" is a set of status strings, every list under
"history" a set of arrays, every other list an array. The tool checks
that assumption on every reply it reads and stops if Redis ever breaks it.
"""
import json, os, socket, subprocess, sys, tempfile, time

# Subcommands that clients send but Redis 7.0 lacks (CLIENT SETINFO, Redis 7.2): written by
# hand from the later version's command JSON, and merged into their 7.0 container on every run.
LATER = os.path.join(os.path.dirname(__file__), 'commands-after-7.0.json')
OUT = os.path.join(os.path.dirname(__file__), '..', 'src', 'main', 'resources', 'io', 'basalt', 'command', 'commands.json')
STATUS_SET_KEYS = {'flags', 'doc_flags', 'acl_categories'}
# Lists under these keys are RESP3 sets of other values.
SET_KEYS = {'history'}


class Resp3:
    def __init__(self, port):
        self.s = socket.create_connection(('127.0.0.1', port))
        self.f = self.s.makefile('rb')

    def call(self, *args):
        out = b'*%d\r\n' % len(args)
        for a in args:
            a = a.encode() if isinstance(a, str) else a
            out += b'$%d\r\n%s\r\n' % (len(a), a)
        self.s.sendall(out)
        return self.read()

    def read(self):
        line = self.f.readline()[:-2]
        t, rest = chr(line[0]), line[1:]
        if t == '+': return ('status', rest.decode())
        if t == '-': raise RuntimeError(rest.decode())
        if t == ':': return ('int', int(rest))
        if t == '$':
            n = int(rest)
            data = self.f.read(n + 2)[:-2]
            return ('bulk', data.decode())
        if t == '_': return ('null', None)
        if t in '*~>':
            items = [self.read() for _ in range(int(rest))]
            return ({'*': 'array', '~': 'set', '>': 'push'}[t], items)
        if t == '%':
            n = int(rest)
            return ('map', [(self.read(), self.read()) for _ in range(n)])
        raise RuntimeError('unexpected RESP type ' + t)


def plain(v, key=None):
    """RESP3 value -> JSON value, checking the status-set convention."""
    t, x = v
    if t in ('bulk', 'int'):
        return x
    if t == 'status':
        raise RuntimeError('status string outside a flag set under %r' % key)
    if t == 'map':
        out = {}
        for k, val in x:
            assert k[0] == 'bulk', k
            out[k[1]] = plain(val, k[1])
        return out
    if t in ('array', 'set'):
        if key in STATUS_SET_KEYS:
            assert t == 'set' and all(e[0] == 'status' for e in x), (key, v)
            return [e[1] for e in x]
        assert (t == 'set') == (key in SET_KEYS), (key, v)
        return [plain(e) for e in x]
    raise RuntimeError('unexpected type %s' % t)


def info_entry(v):
    t, f = v
    assert t == 'array' and len(f) == 10, v
    assert f[2][0] == 'set' and all(e[0] == 'status' for e in f[2][1])
    assert f[6][0] == 'set' and all(e[0] == 'status' for e in f[6][1])
    assert f[7][0] == 'set' and all(e[0] == 'bulk' for e in f[7][1])
    return {
        'name': f[0][1], 'arity': f[1][1],
        'flags': [e[1] for e in f[2][1]],
        'first_key': f[3][1], 'last_key': f[4][1], 'key_step': f[5][1],
        'acl_categories': [e[1] for e in f[6][1]],
        'tips': [e[1] for e in f[7][1]],
        'key_specs': [plain(k) for k in f[8][1]],
        'subcommands': [info_entry(s) for s in f[9][1]],
    }


def capture(conn, name, wanted_subs):
    info = conn.call('COMMAND', 'INFO', name)
    assert info[0] == 'array' and len(info[1]) == 1 and info[1][0][0] == 'array', 'unknown command ' + name
    entry = info_entry(info[1][0])
    docs = conn.call('COMMAND', 'DOCS', name)
    assert docs[0] == 'map' and len(docs[1]) == 1
    entry['docs'] = plain(docs[1][0][1])
    attach_sub_docs(entry)
    if wanted_subs:
        missing = wanted_subs - {s['name'] for s in entry['subcommands']}
        later = [s for s in load_later() if s['name'] in missing]
        missing -= {s['name'] for s in later}
        assert not missing, 'unknown subcommands: %s' % sorted(missing)
        entry['subcommands'] = [s for s in entry['subcommands'] if s['name'] in wanted_subs] + later
    # Redis lists subcommands in hash order, different on every run; sorted, the file only
    # changes when the facts do (COMMAND INFO/DOCS compare subcommands as a set).
    entry['subcommands'].sort(key=lambda s: s['name'])
    return entry


def load_later():
    return json.load(open(LATER)) if os.path.exists(LATER) else []


def attach_sub_docs(entry):
    """Moves each subcommand's docs next to its INFO facts, so one record holds a command."""
    subs_docs = entry['docs'].pop('subcommands', {})
    for sub in entry['subcommands']:
        sub['docs'] = subs_docs.get(sub['name'], {})
        attach_sub_docs(sub)


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    p = s.getsockname()[1]
    s.close()
    return p


def main(argv):
    port = None
    if len(argv) >= 2 and argv[0] == '--port':
        port, argv = int(argv[1]), argv[2:]
    proc = None
    if port is None:
        port = free_port()
        proc = subprocess.Popen(['redis-server', '--port', str(port), '--bind', '127.0.0.1', '--save', '',
                                 '--appendonly', 'no', '--dir', tempfile.gettempdir()], stdout=subprocess.DEVNULL)
        for _ in range(100):
            try:
                socket.create_connection(('127.0.0.1', port)).close()
                break
            except OSError:
                time.sleep(0.05)
    try:
        conn = Resp3(port)
        conn.call('HELLO', '3')
        version = dict((k[1], v[1]) for k, v in conn.call('HELLO', '3')[1])['version']
        assert version.startswith('7.0.'), 'need redis 7.0, got ' + version
        names = set()
        if os.path.exists(OUT):
            for c in json.load(open(OUT)):
                names.add(c['name'])
                names |= {s['name'] for s in c['subcommands']}
        names |= {n.lower() for n in argv}
        subs = {}
        for n in names:
            if '|' in n:
                subs.setdefault(n.split('|')[0], set()).add(n)
        tops = {n for n in names if '|' not in n} | set(subs)
        table = [capture(conn, n, subs.get(n)) for n in sorted(tops)]
    finally:
        if proc:
            proc.terminate()
            proc.wait()
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        f.write('[\n' + ',\n'.join(json.dumps(c, ensure_ascii=False) for c in table) + '\n]\n')
    print('%d commands written to %s (captured from redis %s)' % (len(table), os.path.normpath(OUT), version))


if __name__ == '__main__':
    main(sys.argv[1:])
