#!/usr/bin/env python3
"""Persistence figures, Basalt against Debian's redis-server 7.0 in one run (bench/run --persistence).

For each server in turn, on a fresh data directory:
  * a ~1 GB dataset: KEYS string keys "key:%012d" with 200-byte pseudo-random values,
    piped through `redis-cli --pipe`;
  * save speed: a foreground SAVE, dump size / time;
  * snapshot under write load: `redis-benchmark -t set -r KEYS -d 200 -c 50` overwrites random
    existing keys, once without a snapshot (baseline) and once with a BGSAVE started 1 s
    into it. Reported: the writer's latency summary in both runs, the BGSAVE's duration,
    and the memory the snapshot costs: for Redis the copy-on-write bytes its fork caused
    (rdb_last_cow_size, from the child's private dirty pages) and the peak of parent RSS +
    child private memory over the baseline peak; for Basalt the peak RSS over the
    baseline run's peak and the snapshot's own buffers (rdb_last_cow_size);
  * load speed: the server restarted on the dump, "DB loaded from disk: X seconds" from its log.
"""
import argparse
import base64
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time

import basalt_vs_redis as bvr

VALUE_BYTES = 200


def dataset_file(cache, keys):
    path = os.path.join(cache, "persistence-%d.resp" % keys)
    if os.path.exists(path):
        return path
    bvr.log("writing %s (%d SETs of %d-byte values)..." % (path, keys, VALUE_BYTES))
    rnd = random.Random(1)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        chunk = []
        for i in range(keys):
            value = base64.b64encode(rnd.randbytes(VALUE_BYTES * 3 // 4))
            chunk.append(b"*3\r\n$3\r\nSET\r\n$16\r\nkey:%012d\r\n$%d\r\n%s\r\n" % (i, len(value), value))
            if len(chunk) == 10000:
                f.write(b"".join(chunk))
                chunk = []
        f.write(b"".join(chunk))
    os.rename(tmp, path)
    return path


def children_private_bytes(pid):
    """Private (unshared) memory of the process's children: a forked Redis child's copy-on-write."""
    total = 0
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            kids = [int(x) for x in f.read().split()]
    except OSError:
        return 0
    for kid in kids:
        try:
            with open("/proc/%d/smaps_rollup" % kid) as f:
                for line in f:
                    if line.startswith(("Private_Clean:", "Private_Dirty:")):
                        total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


class Sampler(threading.Thread):
    """Peak of RSS (+ children's private memory) every 20 ms until stopped."""

    def __init__(self, server):
        super().__init__(daemon=True)
        self.server, self.peak, self.running = server, 0, True

    def run(self):
        while self.running:
            try:
                self.peak = max(self.peak, self.server.rss_bytes() + children_private_bytes(self.server.proc.pid))
            except (OSError, AttributeError):
                pass
            time.sleep(0.02)

    def stop(self):
        self.running = False
        self.join()
        return self.peak


def info(server, section="persistence"):
    text = bvr.resp_call(server.port, "INFO", section, timeout=30)
    return dict(line.split(":", 1) for line in text.splitlines() if ":" in line)


def wait_bgsave(server):
    while info(server).get("rdb_bgsave_in_progress") == "1":
        time.sleep(0.05)


def writer(server, requests, keys):
    return subprocess.Popen(bvr.PIN["client"] + ["redis-benchmark", "-h", "127.0.0.1", "-p", str(server.port), "-c", "50",
                            "-n", str(requests), "-t", "set", "-r", str(keys), "-d", str(VALUE_BYTES), "--precision", "3"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def measure(server, data, keys, datadir):
    r = {}
    server.start_in(datadir)
    try:
        t0 = time.monotonic()
        with open(data, "rb") as f:
            subprocess.run(bvr.PIN["client"] + ["redis-cli", "-p", str(server.port), "--pipe"], stdin=f,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        r["fill_s"] = time.monotonic() - t0
        r["keys"] = bvr.resp_call(server.port, "DBSIZE", timeout=30)
        time.sleep(2)
        r["rss_loaded"] = server.rss_bytes()
        t0 = time.monotonic()
        if bvr.resp_call(server.port, "SAVE", timeout=600) != "OK":
            raise RuntimeError("%s: SAVE failed" % server.name)
        r["save_s"] = time.monotonic() - t0
        r["dump_bytes"] = os.path.getsize(os.path.join(datadir, "dump.rdb"))
        # The writer runs about 3x a foreground save, so the BGSAVE (started 1 s in) falls inside it.
        probe = writer(server, 200_000, keys)
        t0 = time.monotonic()
        probe.communicate()
        rate = 200_000 / (time.monotonic() - t0)
        requests = int(rate * max(6.0, 3 * r["save_s"] + 2))
        sampler = Sampler(server)
        sampler.start()
        base = writer(server, requests, keys)
        out, _ = base.communicate()
        r["baseline_peak_rss"] = sampler.stop()
        r["baseline_latency"] = bvr.parse_latency(out).get("SET", {})
        sampler = Sampler(server)
        sampler.start()
        load = writer(server, requests, keys)
        time.sleep(1)
        t0 = time.monotonic()
        bvr.resp_call(server.port, "BGSAVE", timeout=30)
        wait_bgsave(server)
        r["bgsave_s"] = time.monotonic() - t0
        out, _ = load.communicate()
        r["snapshot_peak_rss"] = sampler.stop()
        r["snapshot_latency"] = bvr.parse_latency(out).get("SET", {})
        p = info(server)
        r["bgsave_status"] = p.get("rdb_last_bgsave_status")
        r["cow_bytes"] = int(p.get("rdb_last_cow_size", "0"))
    finally:
        server.stop()
    # Load speed: restart on the dump written by the BGSAVE.
    server.start_in(datadir)
    server.stop()
    with open(os.path.join(datadir, "server.log"), errors="replace") as f:
        loaded = re.findall(r"DB loaded from disk: ([\d.]+) seconds", f.read())
    r["load_s"] = float(loaded[-1]) if loaded else None
    r["final_dump_bytes"] = os.path.getsize(os.path.join(datadir, "dump.rdb"))
    return r


class Fixed:
    """Mixin: start on a given data directory (kept across restarts), with a log file there."""

    def start_in(self, datadir):
        self.datadir = datadir
        return self.start()


class Redis(Fixed, bvr.Redis):
    def argv(self, port, datadir):
        return ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", self.datadir, "--logfile", os.path.join(self.datadir, "server.log")]


class Basalt(Fixed, bvr.Basalt):
    def argv(self, port, datadir):
        return [bvr.JAVA] + bvr.JVM_FLAGS + ["-cp", bvr.CLASSPATH, "io.basalt.cli.ServerMain", "--port", str(port),
                                             "--bind", "127.0.0.1", "--save", "", "--dir", self.datadir,
                                             "--logfile", os.path.join(self.datadir, "server.log")]


def mb(x):
    return "%.0f MB" % (x / 1e6)


def report(results, keys, load):
    rows = []
    w = rows.append
    names = ["Redis", "Basalt"]
    w("### Persistence: %d keys of %d-byte values (load average %s → %s)" % (keys, VALUE_BYTES, *load))
    w("")
    w("| | Redis 7.0.15 | Basalt | Basalt / Redis |")
    w("|---|---|---|---|")

    def row(label, f, ratio=True):
        a, b = (f(results[n]) for n in names)
        text = [x if isinstance(x, str) else "%.2f" % x for x in (a, b)]
        q = "%.2f" % (b / a) if ratio and isinstance(a, (int, float)) and a else ""
        w("| %s | %s | %s | %s |" % (label, text[0], text[1], q))

    row("RSS with the dataset (MB)", lambda r: r["rss_loaded"] / 1e6)
    row("dump size (MB)", lambda r: r["dump_bytes"] / 1e6)
    row("SAVE (s)", lambda r: r["save_s"])
    row("save speed (MB/s)", lambda r: r["dump_bytes"] / 1e6 / r["save_s"])
    row("load (s)", lambda r: r["load_s"] or float("nan"))
    row("load speed (MB/s)", lambda r: r["final_dump_bytes"] / 1e6 / r["load_s"] if r["load_s"] else float("nan"))
    row("BGSAVE under write load (s)", lambda r: r["bgsave_s"])
    row("snapshot memory: COW / snapshot buffers (MB)", lambda r: r["cow_bytes"] / 1e6)
    row("peak RSS during BGSAVE − peak RSS same load, no BGSAVE (MB)",
        lambda r: (r["snapshot_peak_rss"] - r["baseline_peak_rss"]) / 1e6)
    for stat in ("p50", "p99", "max"):
        row("SET %s latency without → with BGSAVE (ms)" % stat,
            lambda r, s=stat: "%.3f → %.3f" % (r["baseline_latency"].get(s, float("nan")), r["snapshot_latency"].get(s, float("nan"))),
            ratio=False)
    row("BGSAVE status", lambda r: r["bgsave_status"], ratio=False)
    return "\n".join(rows) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--keys", type=int, default=4_000_000, help="keys in the dataset (default 4M, ~1 GB in Redis)")
    p.add_argument("--out", help="also write the markdown table to this file")
    args = p.parse_args()
    cache = os.path.join(bvr.ROOT, "target", "bench")
    os.makedirs(cache, exist_ok=True)
    data = dataset_file(cache, args.keys)
    load0 = "%.2f" % os.getloadavg()[0]
    results = {}
    with tempfile.TemporaryDirectory(prefix="basalt-persist-", dir=cache) as workdir:
        for server in (Redis(workdir), Basalt(workdir)):
            datadir = tempfile.mkdtemp(prefix=server.name.lower() + "-", dir=workdir)
            bvr.log("%s..." % server.name)
            results[server.name] = measure(server, data, args.keys, datadir)
            bvr.log("  %r" % results[server.name])
    text = report(results, args.keys, (load0, "%.2f" % os.getloadavg()[0]))
    sys.stdout.write(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        bvr.log("interrupted; servers stopped")
        sys.exit(130)
