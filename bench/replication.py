#!/usr/bin/env python3
"""Replication figures, Basalt against Debian's redis-server 7.0 in one run (bench/run --replication).

For each server in turn (Redis, then Basalt), master and replica of the same kind, on 127.0.0.1:
  * dataset: KEYS string keys "key:%012d" with 200-byte values piped into the master through
    `redis-cli --pipe` (the file bench/persistence.py writes; ~1 GB in Redis at the default 4M);
    the master runs with client-output-buffer-limit "replica 0 0 0" so that the write load
    below cannot get a syncing replica dropped (Redis's default hard limit is 256 MB);
  * full sync: a fresh replica started with `--replicaof` and `--repl-diskless-load disabled`,
    first with `repl-diskless-sync no` (the master writes a dump, then sends the file), then with
    `repl-diskless-sync yes` and delay 0 (the snapshot streams into the socket). Time = from
    the replica's "MASTER <-> REPLICA sync started" log line (its timestamp, so the replica's
    start-up and Redis's up-to-1 s wait for its replication cron are not counted) until the
    replica's INFO shows master_link_status:up and its DBSIZE equals the master's (polled
    every 20 ms). Speed = the dump's size (written by the disk-based sync) / time;
  * the master's extra memory for a full sync: peak of master RSS + the private memory of its
    children (a forked Redis child's copy-on-write; Basalt has no fork), sampled every 20 ms
    from just before the replica starts to the end of the sync, minus RSS just before; plus
    INFO persistence's rdb_last_cow_size afterwards (Redis: the fork's COW; Basalt: its
    snapshot's own buffers);
  * the same diskless sync under write load: `redis-benchmark -t set -r KEYS -d 200 -c 50`
    overwriting random existing keys from 1 s before the replica starts until the sync ends.
    The load alone first runs as long as the unloaded diskless sync took, with the same memory
    sampling, so that "peak during the sync − peak under the same load without a sync" separates
    what the sync costs from what the writes cost (Basalt's heap grows with overwrites too);
  * replication lag: with that replica in sync, `redis-benchmark -t set -r KEYS -d 200 -c 50
    -n REQUESTS` against the master. Every ~100 ms: the byte lag (replica's slave_repl_offset
    read first, then the master's master_repl_offset, so it is never negative and counts at
    most the writes of that ~0.2 ms gap), then a time-lag probe: SET probe:<i> <time> on the
    master, then GET on the replica every 0.5 ms until it appears; lag = first sight − SET sent
    (so it includes the probe SET's own latency on the loaded master, and up to one poll
    interval plus Python's scheduling on a busy machine); a slow probe delays the next sample.
    Then the replica is stopped and the same benchmark runs against the master alone (without
    the ~20 probe commands/s): the throughput ratio "with replica / alone" and the master's
    CPU time per request in both. The replica shares the 2 cores with master and client, so
    part of the drop is CPU contention, for both servers.
One pass per server, not alternating rounds: each pass holds a master and a replica of the
dataset; compare ratios from several runs before drawing conclusions (/work/shared/BENCH.md).
"""
import argparse
import datetime
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

import basalt_vs_redis as bvr
import persistence as pers

SYNC_POLL_S = 0.02
LAG_INTERVAL_S = 0.1
PROBE_POLL_S = 0.0005
SYNC_DEADLINE_S = 900
LOG_TIME = re.compile(r"^\d+:\w (\d\d \w{3} \d{4} \d\d:\d\d:\d\d)\.(\d{3}) . (.*)$")


class Conn:
    """One persistent RESP connection (the probes must not pay a TCP connect per command)."""

    def __init__(self, port, timeout=30.0):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.reader = self.sock.makefile("rb")

    def call(self, *args):
        self.sock.sendall(bvr.resp_command([a if isinstance(a, bytes) else str(a).encode() for a in args]))
        return bvr._read_reply(self.reader)

    def info(self, section):
        return parse_info(self.call("INFO", section))

    def close(self):
        self.reader.close()
        self.sock.close()


def parse_info(text):
    return dict(line.split(":", 1) for line in text.splitlines() if ":" in line)


def check_ok(reply, what):
    if reply != "OK":
        raise RuntimeError("%s: %r" % (what, reply))


class Master:
    """Mixin: a master with the replica output buffer unlimited (see the docstring)."""

    def start_in(self, datadir):
        super().start_in(datadir)
        check_ok(bvr.resp_call(self.port, "CONFIG", "SET", "client-output-buffer-limit", "replica 0 0 0"),
                 "%s: CONFIG SET client-output-buffer-limit" % self.name)


class Replica:
    """Mixin: a replica of master_port that loads the transferred dump from disk."""

    master_port = None

    def argv(self, port, datadir):
        return super().argv(port, datadir) + ["--replicaof", "127.0.0.1", str(self.master_port),
                                              "--repl-diskless-load", "disabled"]


class RedisMaster(Master, pers.Redis):
    pass


class BasaltMaster(Master, pers.Basalt):
    pass


class RedisReplica(Replica, pers.Redis):
    pass


class BasaltReplica(Replica, pers.Basalt):
    pass


def sync_started_at(logfile):
    """Wall-clock time of the replica's last "MASTER <-> REPLICA sync started" (Redis's log format)."""
    found = None
    with open(logfile, errors="replace") as f:
        for line in f:
            m = LOG_TIME.match(line.rstrip("\n"))
            if m and m.group(3).startswith("MASTER <-> REPLICA sync started"):
                found = time.mktime(time.strptime(m.group(1), "%d %b %Y %H:%M:%S")) + int(m.group(2)) / 1000
    return found


def wait_in_sync(replica, dbsize):
    """Polls until the replica's link is up and its DBSIZE is the master's; returns time.time() then."""
    conn = Conn(replica.port, timeout=SYNC_DEADLINE_S)   # INFO may wait while a replica loads
    try:
        deadline = time.monotonic() + SYNC_DEADLINE_S
        while time.monotonic() < deadline:
            if replica.proc.poll() is not None:
                raise RuntimeError("%s replica exited during the sync (log in %s)" % (replica.name, replica.datadir))
            if conn.info("replication").get("master_link_status") == "up" and conn.call("DBSIZE") == dbsize:
                return time.time()
            time.sleep(SYNC_POLL_S)
        raise RuntimeError("%s replica not in sync after %d s" % (replica.name, SYNC_DEADLINE_S))
    finally:
        conn.close()


def stop_replica(replica):
    replica.stop()
    if getattr(replica, "datadir", None):
        shutil.rmtree(replica.datadir, ignore_errors=True)


def full_sync(master, replica, workdir, diskless, keys, load_baseline_s=None):
    """One full sync of a new replica; returns (figures, the replica, still running and in sync).

    With load_baseline_s, a SET writer overwrites random keys during the sync, and for
    load_baseline_s before it (the memory baseline under the same load, without a sync)."""
    r = {}
    check_ok(bvr.resp_call(master.port, "CONFIG", "SET", "repl-diskless-sync", "yes" if diskless else "no",
                           "repl-diskless-sync-delay", "0"), "%s: CONFIG SET repl-diskless-sync" % master.name)
    dbsize = bvr.resp_call(master.port, "DBSIZE", timeout=30)
    writer = None
    try:
        if load_baseline_s is not None:
            writer = pers.writer(master, 1_000_000_000, keys)
            time.sleep(1)
            sampler = pers.Sampler(master)
            sampler.start()
            time.sleep(load_baseline_s)
            r["load_baseline_peak_rss"] = sampler.stop()
        r["rss_before"] = master.rss_bytes()
        stats0 = parse_info(bvr.resp_call(master.port, "INFO", "stats", timeout=30))
        sampler = pers.Sampler(master)
        sampler.start()
        launched = time.time()
        replica.master_port = master.port
        replica.start_in(tempfile.mkdtemp(prefix="replica-", dir=workdir))
        ended = wait_in_sync(replica, dbsize)
        r["peak_rss"] = sampler.stop()
        stats1 = parse_info(bvr.resp_call(master.port, "INFO", "stats", timeout=30))
    finally:
        if writer:
            writer.terminate()
            writer.wait()
    started = sync_started_at(os.path.join(replica.datadir, "server.log"))
    r["sync_s"] = ended - (started if started is not None else launched)
    r["start_from_log"] = started is not None
    r["repl_out_bytes"] = int(stats1.get("total_net_repl_output_bytes", 0)) - int(stats0.get("total_net_repl_output_bytes", 0))
    r["commands_per_s"] = ((int(stats1["total_commands_processed"]) - int(stats0["total_commands_processed"]))
                           / (ended - launched))
    r["cow_bytes"] = int(pers.info(master).get("rdb_last_cow_size", "0"))
    r["replica_rss"] = replica.rss_bytes()
    return r, replica


class LagSampler(threading.Thread):
    """Every LAG_INTERVAL_S: the byte lag, then one time-lag probe (see the docstring)."""

    def __init__(self, master, replica):
        super().__init__(daemon=True)
        self.master, self.replica = master, replica
        self.byte_lags, self.time_lags, self.running, self.error = [], [], True, None

    def run(self):
        m, s = Conn(self.master.port), Conn(self.replica.port)
        try:
            i = 0
            while self.running:
                tick = time.monotonic() + LAG_INTERVAL_S
                replica_offset = int(s.info("replication")["slave_repl_offset"])
                self.byte_lags.append(int(m.info("replication")["master_repl_offset"]) - replica_offset)
                key, sent = "probe:%d" % i, time.monotonic()
                check_ok(m.call("SET", key, "%.6f" % sent), "probe SET")
                while s.call("GET", key) is None:
                    if time.monotonic() - sent > 60:
                        raise RuntimeError("probe %s not on the replica after 60 s" % key)
                    time.sleep(PROBE_POLL_S)
                self.time_lags.append(time.monotonic() - sent)
                i += 1
                time.sleep(max(0.0, tick - time.monotonic()))
        except Exception as e:  # reported by stop(): a thread's exception would otherwise vanish
            self.error = e
        finally:
            m.close()
            s.close()

    def stop(self):
        self.running = False
        self.join()
        if self.error:
            raise RuntimeError("lag sampling failed: %s" % self.error)


def set_benchmark(master, keys, requests):
    """One redis-benchmark SET run; returns (req/s, master CPU µs per request, latency summary)."""
    cpu0 = master.cpu_seconds()
    proc = pers.writer(master, requests, keys)
    try:
        out, _ = proc.communicate()
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait()
    cpu = master.cpu_seconds() - cpu0
    m = re.search(r"throughput summary: ([\d.]+) requests per second", out)
    if not m:
        raise RuntimeError("%s: no throughput in redis-benchmark's output" % master.name)
    return float(m.group(1)), cpu / requests * 1e6, bvr.parse_latency(out).get("SET", {})


def wait_caught_up(master, replica):
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        want = int(parse_info(bvr.resp_call(master.port, "INFO", "replication", timeout=30))["master_repl_offset"])
        have = int(parse_info(bvr.resp_call(replica.port, "INFO", "replication", timeout=30))["slave_repl_offset"])
        if have >= want:
            return
        time.sleep(0.05)
    raise RuntimeError("%s replica did not catch up" % replica.name)


def measure(master, replica, data, keys, requests, workdir):
    res = {}
    try:
        master.start_in(tempfile.mkdtemp(prefix="master-", dir=workdir))
        with open(data, "rb") as f:
            subprocess.run(bvr.PIN["client"] + ["redis-cli", "-p", str(master.port), "--pipe"], stdin=f,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        res["keys"] = bvr.resp_call(master.port, "DBSIZE", timeout=30)
        time.sleep(2)
        res["rss_loaded"] = master.rss_bytes()
        for mode, diskless in (("disk", False), ("diskless", True)):
            bvr.log("  full sync, %s..." % mode)
            try:
                res[mode], _ = full_sync(master, replica, workdir, diskless, keys)
            finally:
                stop_replica(replica)
            bvr.log("    %r" % res[mode])
        dump = os.path.join(master.datadir, "dump.rdb")
        res["dump_bytes"] = os.path.getsize(dump) if os.path.exists(dump) else None
        bvr.log("  full sync, diskless, under SET load...")
        try:
            res["loaded"], _ = full_sync(master, replica, workdir, True, keys,
                                         load_baseline_s=max(3.0, res["diskless"]["sync_s"]))
            bvr.log("    %r" % res["loaded"])
            wait_caught_up(master, replica)
            bvr.log("  SET benchmark with the replica attached...")
            lag = LagSampler(master, replica)
            lag.start()
            try:
                res["with_replica"] = set_benchmark(master, keys, requests)
            finally:
                lag.stop()
            res["byte_lags"], res["time_lags"] = lag.byte_lags, lag.time_lags
        finally:
            stop_replica(replica)
        bvr.log("  SET benchmark on the master alone...")
        res["alone"] = set_benchmark(master, keys, requests)
    finally:
        master.stop()
        if getattr(master, "datadir", None):
            shutil.rmtree(master.datadir, ignore_errors=True)
    return res


# ---------------------------------------------------------------- report

def percentile(xs, p):
    """Nearest-rank percentile."""
    if not xs:
        return float("nan")
    s = sorted(xs)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]


def report(results, args, load):
    model, jdk, redis_version = bvr.machine_info()
    names = ("Redis", "Basalt")
    rows = []
    w = rows.append
    w("# Replication: Basalt vs Redis — %s" % datetime.datetime.now().strftime("%Y-%m-%d %H:%M"))
    w("")
    w("- Machine: %d CPUs (%s), load average at start / end: %s / %s" % (os.cpu_count(), model, *load))
    w("- Redis: %s" % redis_version)
    w("- JDK: %s; Basalt JVM flags: `%s`" % (jdk, " ".join(bvr.JVM_FLAGS)))
    w("- Dataset: %d keys of %d-byte values; replicas with `--repl-diskless-load disabled`; "
      "method in bench/replication.py's docstring" % (args.keys, pers.VALUE_BYTES))
    w("")

    def table(title):
        w("## " + title)
        w("")
        w("| | Redis 7.0.15 | Basalt | Basalt / Redis |")
        w("|---|---|---|---|")

    def row(label, f, ratio=True):
        vals = []
        for n in names:
            try:
                vals.append(f(results[n]))
            except (KeyError, TypeError, ZeroDivisionError):
                vals.append(None)
        text = ["n/a" if x is None else x if isinstance(x, str) else "%.2f" % x for x in vals]
        a, b = vals
        q = "%.2f" % (b / a) if ratio and isinstance(a, (int, float)) and isinstance(b, (int, float)) and a else ""
        w("| %s | %s | %s | %s |" % (label, text[0], text[1], q))

    table("Full sync")
    row("master RSS with the dataset (MB)", lambda r: r["rss_loaded"] / 1e6)
    row("dump size (MB)", lambda r: r["dump_bytes"] / 1e6)
    for mode, label in (("disk", "disk-based"), ("diskless", "diskless"), ("loaded", "diskless, SET load")):
        row("%s: sync time (s)" % label, lambda r, m=mode: r[m]["sync_s"])
        row("%s: speed, dump size / time (MB/s)" % label, lambda r, m=mode: r["dump_bytes"] / 1e6 / r[m]["sync_s"])
        row("%s: master peak RSS (+ fork) − RSS before (MB)" % label,
            lambda r, m=mode: (r[m]["peak_rss"] - r[m]["rss_before"]) / 1e6)
        if mode == "loaded":
            row("%s: master peak − peak under the same load without a sync (MB)" % label,
                lambda r: (r["loaded"]["peak_rss"] - r["loaded"]["load_baseline_peak_rss"]) / 1e6)
            row("%s: master commands/s during the sync" % label, lambda r: r["loaded"]["commands_per_s"])
        row("%s: rdb_last_cow_size (MB)" % label, lambda r, m=mode: r[m]["cow_bytes"] / 1e6)
        row("%s: replica RSS after the sync (MB)" % label, lambda r, m=mode: r[m]["replica_rss"] / 1e6)
    w("")
    table("SET load with a replica (redis-benchmark -t set -r %d -d %d -c 50 -n %d)"
          % (args.keys, pers.VALUE_BYTES, args.requests))
    row("master req/s alone", lambda r: r["alone"][0])
    row("master req/s with the replica", lambda r: r["with_replica"][0])
    row("with / alone", lambda r: r["with_replica"][0] / r["alone"][0])
    row("master CPU µs/request alone → with replica",
        lambda r: "%.1f → %.1f" % (r["alone"][1], r["with_replica"][1]), ratio=False)
    for stat in ("p50", "p99", "max"):
        row("SET %s latency alone → with replica (ms)" % stat,
            lambda r, s=stat: "%.3f → %.3f" % (r["alone"][2].get(s, float("nan")), r["with_replica"][2].get(s, float("nan"))),
            ratio=False)
    for p in (50, 99):
        row("byte lag p%d (KB)" % p, lambda r, p=p: percentile(r["byte_lags"], p) / 1e3)
    row("byte lag max (KB)", lambda r: max(r["byte_lags"]) / 1e3)
    row("byte lag samples", lambda r: "%d" % len(r["byte_lags"]), ratio=False)
    for p in (50, 99):
        row("time lag p%d (ms)" % p, lambda r, p=p: percentile(r["time_lags"], p) * 1e3)
    row("time lag max (ms)", lambda r: max(r["time_lags"]) * 1e3)
    row("time-lag probes", lambda r: "%d" % len(r["time_lags"]), ratio=False)
    if any(not results[n][m]["start_from_log"] for n in names for m in ("disk", "diskless", "loaded")):
        w("")
        w("Some sync times count from the replica's launch: its log had no \"MASTER <-> REPLICA sync started\".")
    return "\n".join(rows) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--keys", type=int, default=4_000_000, help="keys in the dataset (default 4M, ~1 GB in Redis)")
    p.add_argument("--requests", type=int, default=1_000_000, help="-n of the SET benchmark for the lag (default 1M)")
    p.add_argument("--out", help="also write the markdown report to this file")
    args = p.parse_args()

    # Ctrl-C and SIGTERM raise KeyboardInterrupt, so the finally blocks stop what was started.
    def interrupt(*_):
        raise KeyboardInterrupt()
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)

    cache = os.path.join(bvr.ROOT, "target", "bench")
    os.makedirs(cache, exist_ok=True)
    data = pers.dataset_file(cache, args.keys)
    load0 = "%.2f" % os.getloadavg()[0]
    results = {}
    with tempfile.TemporaryDirectory(prefix="basalt-repl-", dir=cache) as workdir:
        for master, replica in ((RedisMaster(workdir), RedisReplica(workdir)),
                                (BasaltMaster(workdir), BasaltReplica(workdir))):
            bvr.log("%s..." % master.name)
            results[master.name] = measure(master, replica, data, args.keys, args.requests, workdir)
    text = report(results, args, (load0, "%.2f" % os.getloadavg()[0]))
    sys.stdout.write(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
        bvr.log("report written to %s" % args.out)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        bvr.log("interrupted; servers stopped")
        sys.exit(130)
    except RuntimeError as e:
        bvr.log("bench: %s" % e)
        sys.exit(1)
