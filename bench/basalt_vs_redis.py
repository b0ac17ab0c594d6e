#!/usr/bin/env python3
"""Basalt against Debian's redis-server 7.0, side by side (run it through bench/run).

What it measures, for both servers on free 127.0.0.1 ports:
  * start-up: process start to first PONG (median of 3);
  * memory: RSS at idle and RSS growth per item after piping 1,000,000 string keys, hash
    fields, set members, zset members or list elements (16-byte keys, fields, members and
    values) through `redis-cli --pipe`, a fresh server per data set;
  * throughput: `redis-benchmark -c 50` at -P 1 and -P 16, fixed key and `-r 1000000 -d 100`,
    median req/s per test, plus the server's CPU time per request from /proc/PID/stat
    (at -P 1 the client, on the same 2 cores, is the bottleneck, so req/s hides a faster
    server; CPU per request does not);
  * latency: `redis-benchmark -c 1 -P 1 -t get,set` (avg/min/p50/p95/p99/p99.9/max).
With --pin the servers run on one CPU and the load generator on the other (taskset), so
the JVM's helper threads (GC, JIT) compete with the server instead of with the client.

Why runs alternate: the machine is small and shared, so absolute numbers drift over minutes.
Every test runs Redis then Basalt back to back, round after round (after one uncounted
warm-up round), so both see the same conditions; the report gives medians, the ratio and
its range across rounds (see /work/shared/BENCH.md for the noise measured so far).
Standard library only. Tests Basalt does not implement (COMMAND INFO returns nil) are "n/a".
"""
import argparse
import datetime
import math
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.environ.get("BENCH_ROOT", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JAVA = os.environ.get("BENCH_JAVA", "java")
JVM_FLAGS = os.environ.get("BENCH_BASALT_JVM_FLAGS", "").split()
PIDFILE = os.environ.get("BENCH_PIDFILE")
CLASSPATH = os.environ.get("BENCH_CLASSPATH", "%s/target/basalt.jar:%s/target/lib/*" % (ROOT, ROOT))
CLK_TCK = os.sysconf("SC_CLK_TCK")
# --pin: servers on SERVER_CPU, load generators on CLIENT_CPU (taskset execs, so PIDs stay the servers').
SERVER_CPU, CLIENT_CPU = "1", "0"
PIN = {"server": [], "client": []}

# redis-benchmark test name -> the command it sends (for COMMAND INFO).
TESTS = {"ping_mbulk": "ping", "set": "set", "get": "get", "incr": "incr", "lpush": "lpush",
         "lpop": "lpop", "sadd": "sadd", "hset": "hset", "zadd": "zadd", "mset": "mset"}
PIPELINES = {1: 100_000, 16: 400_000}          # -P -> requests per test in the warm-up round
TEST_SECONDS = 1.5                             # counted rounds: -n sized from Redis's warm-up rate
VARIANTS = {"fixed key": [], "-r 1M -d 100": ["-r", "1000000", "-d", "100"]}
MEMORY_ITEMS = 1_000_000
# Memory tests: data -> (command, i-th command's arguments, command counting the items).
# Every key, field, member and value is 16 bytes, as in BENCH.md's Redis reference figures.
MEMORY_TESTS = {
    "strings": ("set", lambda i: [b"SET", b"key:%012d" % i, b"val:%012d" % i], ["DBSIZE"]),
    "hash fields": ("hset", lambda i: [b"HSET", b"hash", b"field:%010d" % i, b"val:%012d" % i], ["HLEN", "hash"]),
    "set members": ("sadd", lambda i: [b"SADD", b"set", b"member:%09d" % i], ["SCARD", "set"]),
    "zset members": ("zadd", lambda i: [b"ZADD", b"zset", b"%d" % i, b"member:%09d" % i], ["ZCARD", "zset"]),
    "list elements": ("rpush", lambda i: [b"RPUSH", b"list", b"val:%012d" % i], ["LLEN", "list"]),
}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- tiny RESP client

def resp_call(port, *args, timeout=5.0):
    """Sends one command, returns the parsed reply (errors come back as Exception objects)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(b"".join([b"*%d\r\n" % len(args)] +
                           [b"$%d\r\n%s\r\n" % (len(a), a) for a in (x.encode() for x in args)]))
        return _read_reply(s.makefile("rb"))


def _read_reply(f):
    line = f.readline()
    if not line:
        raise ConnectionError("connection closed")
    kind, rest = line[:1], line[1:-2]
    if kind == b"+":
        return rest.decode()
    if kind == b"-":
        return Exception(rest.decode())
    if kind == b":":
        return int(rest)
    if kind == b"$":
        n = int(rest)
        return None if n < 0 else f.read(n + 2)[:-2].decode(errors="replace")
    if kind == b"*":
        n = int(rest)
        return None if n < 0 else [_read_reply(f) for _ in range(n)]
    raise ValueError("unexpected reply %r" % line)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------- servers

class Server:
    """One server process we started; stop() ends exactly that PID."""

    def __init__(self, name, workdir):
        self.name, self.workdir = name, workdir
        self.proc = self.port = None

    def argv(self, port, datadir):
        raise NotImplementedError

    def start(self):
        """Starts the server and returns seconds from process start to the first PONG."""
        self.port = free_port()
        datadir = tempfile.mkdtemp(prefix=self.name.lower() + "-", dir=self.workdir)
        logf = open(os.path.join(datadir, "server.log"), "wb")
        t0 = time.monotonic()
        self.proc = subprocess.Popen(PIN["server"] + self.argv(self.port, datadir), stdout=logf,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        if PIDFILE:
            with open(PIDFILE, "a") as pf:
                pf.write("%d %d\n" % (self.proc.pid, self.port))
        while True:
            try:
                if resp_call(self.port, "PING", timeout=1) == "PONG":
                    return time.monotonic() - t0
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() - t0 > 60:
                self.stop()
                raise RuntimeError("%s did not answer PING; log: %s" % (self.name, logf.name))
            time.sleep(0.002)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def cpu_seconds(self):
        """utime+stime of the whole process (all threads: event loops, GC, JIT)."""
        with open("/proc/%d/stat" % self.proc.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK   # fields 14 and 15 of stat(5)

    def rss_bytes(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        return 0


class Redis(Server):
    def __init__(self, workdir):
        super().__init__("Redis", workdir)

    def argv(self, port, datadir):
        return ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", datadir]


class Basalt(Server):
    def __init__(self, workdir):
        super().__init__("Basalt", workdir)

    def argv(self, port, datadir):
        return [JAVA] + JVM_FLAGS + ["-cp", CLASSPATH, "io.basalt.cli.ServerMain",
                                     "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                     "--dir", datadir]


def supported_tests(server):
    """Tests whose command the server knows: COMMAND INFO answers nil for unknown commands."""
    reply = resp_call(server.port, "COMMAND", "INFO", *TESTS.values())
    known = isinstance(reply, list) and len(reply) == len(TESTS)
    return {t for t, r in zip(TESTS, reply if known else []) if r is not None}


# ---------------------------------------------------------------- measurements

def measure_startup(servers, times=3):
    result = {s.name: [] for s in servers}
    for _ in range(times):
        for s in servers:
            try:
                result[s.name].append(s.start())
            finally:
                s.stop()
    return {name: statistics.median(v) for name, v in result.items()}


def resp_command(args):
    return b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args)


def resp_data_file(path, command, items):
    """A RESP file of `items` commands (command(i) gives the i-th one's arguments), made once."""
    if os.path.exists(path):
        return path
    log("writing %s (%d commands)..." % (path, items))
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        for i in range(items):
            f.write(resp_command(command(i)))
    os.rename(tmp, path)
    return path


def known_commands(server, names):
    """The subset of `names` the server implements: COMMAND INFO answers nil for the others."""
    reply = resp_call(server.port, "COMMAND", "INFO", *names)
    return {n for n, r in zip(names, reply if isinstance(reply, list) else []) if r is not None}


def measure_memory(servers, cache):
    """{(data, server name): (idle RSS, loaded RSS, items, purged idle RSS, purged loaded RSS) or None
    where the server lacks the command}.

    Each data set goes into a fresh server through `redis-cli --pipe`; RSS is read 2 s later,
    then again after MEMORY PURGE (jemalloc returns dirty pages; the JVM collects and uncommits
    its free heap), so the settled figure follows the live data rather than allocator headroom."""
    result = {}
    for data, (command, make, count) in MEMORY_TESTS.items():
        path = resp_data_file(os.path.join(cache, "memory-%s-%d.resp" % (command, MEMORY_ITEMS)), make, MEMORY_ITEMS)
        for s in servers:
            s.start()
            try:
                time.sleep(6)   # settled: the JIT compiler's arenas go back to the pool after 5 s, then trimmed
                idle = s.rss_bytes()
                if command not in known_commands(s, [command]):
                    result[(data, s.name)] = None
                    continue
                idle_purged = purged_rss(s)
                with open(path, "rb") as f:
                    subprocess.run(PIN["client"] + ["redis-cli", "-p", str(s.port), "--pipe"], stdin=f,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
                items = resp_call(s.port, *count, timeout=30)
                time.sleep(2)
                loaded = s.rss_bytes()
                result[(data, s.name)] = (idle, loaded, items, idle_purged, purged_rss(s))
            finally:
                s.stop()
    return result


def purged_rss(server):
    """RSS one second after MEMORY PURGE."""
    resp_call(server.port, "MEMORY", "PURGE", timeout=30)
    time.sleep(1)
    return server.rss_bytes()


def run_benchmark(server, test, requests, pipeline, extra):
    """One redis-benchmark run of one test. Returns (req/s, server CPU µs per request) or None."""
    argv = PIN["client"] + ["redis-benchmark", "-h", "127.0.0.1", "-p", str(server.port), "-c", "50",
            "-n", str(requests), "-P", str(pipeline), "-t", test, "--csv"] + extra
    if server.proc.poll() is not None:
        raise RuntimeError("%s (port %d) has exited" % (server.name, server.port))
    cpu0 = server.cpu_seconds()
    out = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    cpu = server.cpu_seconds() - cpu0
    rows = [line.split('","') for line in out.stdout.splitlines() if line.startswith('"')]
    if out.returncode != 0 or "rror" in out.stderr or len(rows) < 2:
        log("  %s %s -P %d failed: %s" % (server.name, test, pipeline, out.stderr.strip()[:200]))
        return None
    rps = float(rows[1][1])
    return (rps, cpu / requests * 1e6) if rps > 0 else None


def requests_for(rps, seconds):
    """-n for a run of about `seconds` at `rps`, rounded to two significant digits."""
    n = max(10_000, rps * seconds)
    step = 10 ** (len(str(int(n))) - 2)
    return int(round(n / step) * step)


def measure_throughput(redis, basalt, rounds, scale, unsupported):
    """Returns ({(pipeline, variant, test, name): [(rps, cpu_us), ...]}, {(pipeline, variant, test): -n}).

    Redis and Basalt alternate test by test. The warm-up round runs PIPELINES' -n (/ scale);
    the counted rounds give every test the -n that took Redis TEST_SECONDS / scale in warm-up,
    so slow tests (MSET of random keys) and fast ones (PING at -P 16) both run long enough."""
    results, requests = {}, {}
    for rnd in range(rounds + 1):
        log("round %d/%d%s" % (rnd, rounds, " (warm-up, not counted)" if rnd == 0 else ""))
        for pipeline, warmup_requests in PIPELINES.items():
            for variant, extra in VARIANTS.items():
                for test in TESTS:
                    key = (pipeline, variant, test)
                    n = requests.get(key, warmup_requests // scale)
                    for s in (redis, basalt):
                        if s is basalt and test in unsupported:
                            continue
                        r = run_benchmark(s, test, n, pipeline, extra)
                        if rnd == 0 and s is redis:
                            requests[key] = requests_for(r[0] if r else 0, TEST_SECONDS / scale)
                        if rnd > 0 and r is not None:
                            results.setdefault(key + (s.name,), []).append(r)
    return results, requests


def parse_latency(text):
    """Per test: avg/min/p50/p95/p99/max from the summary, p99.9 from the percentile distribution."""
    result, test, dist, in_percentiles = {}, None, [], False
    lines = re.split(r"[\r\n]+", text)
    for i, line in enumerate(lines):
        m = re.match(r"====== (\S+) ======", line.strip())
        if m:
            test, dist = m.group(1), []
            continue
        if line.startswith("Latency by percentile distribution"):
            in_percentiles = True
        elif line.startswith("Cumulative distribution of latencies"):
            in_percentiles = False
        m = re.match(r"\s*([\d.]+)% <= ([\d.]+) milliseconds \(cumulative count (\d+)\)", line)
        if m and test and in_percentiles:
            dist.append((float(m.group(2)), int(m.group(3))))
        if test and line.strip().startswith("avg") and "p99" in line and i + 1 < len(lines):
            names = line.split()
            values = [float(v) for v in lines[i + 1].split()]
            stats = dict(zip(names, values))
            total = dist[-1][1] if dist else 0
            p999 = next((ms for ms, count in dist if count >= 0.999 * total), None) if total else None
            stats["p99.9"] = p999
            result[test] = stats
            test = None
    return result


def measure_latency(servers, requests):
    result = {}
    for s in servers:
        out = subprocess.run(PIN["client"] + ["redis-benchmark", "-h", "127.0.0.1", "-p", str(s.port), "-c", "1",
                              "-P", "1", "-n", str(requests), "-t", "get,set", "--precision", "3"],
                             capture_output=True, text=True, timeout=600)
        result[s.name] = parse_latency(out.stdout)
    return result


# ---------------------------------------------------------------- report

def machine_info():
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    jdk = subprocess.run([JAVA, "-version"], capture_output=True, text=True).stderr.splitlines()
    redis = subprocess.run(["redis-server", "--version"], capture_output=True, text=True).stdout
    return model, (jdk[0] if jdk else "?"), redis.strip()


def geomean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def fmt(x, spec="{:,.0f}"):
    return "n/a" if x is None else spec.format(x)


def memory_report(memory):
    """The memory section: per item as loaded, and settled after MEMORY PURGE."""
    out = []
    w = out.append
    w("## Memory (RSS from /proc/PID/status, a fresh server per data set)")
    w("")
    w("%s items per data set, 16-byte keys/fields/members/values, loaded with `redis-cli --pipe`; "
      "per item = (RSS 2 s after loading - idle RSS 6 s after start) / items; settled = the same, "
      "both read 1 s after `MEMORY PURGE`." % "{:,}".format(MEMORY_ITEMS))
    w("")
    w("| data | Redis idle RSS | Redis per item | Basalt idle RSS | Basalt per item | Basalt/Redis "
      "| Redis settled | Basalt settled | settled Basalt/Redis |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for data in MEMORY_TESTS:
        cells, per_item, settled = [], {}, {}
        for name in ("Redis", "Basalt"):
            m = memory.get((data, name))
            ok = m is not None and isinstance(m[2], int) and m[2] > 0
            per_item[name] = (m[1] - m[0]) / m[2] if ok else None
            settled[name] = (m[4] - m[3]) / m[2] if ok else None
            cells += ["%.1f MB" % (m[0] / 1e6) if m else "n/a", fmt(per_item[name], "{:,.0f} B")]
        ratio = per_item["Basalt"] / per_item["Redis"] if per_item["Basalt"] and per_item["Redis"] else None
        settled_ratio = settled["Basalt"] / settled["Redis"] if settled["Basalt"] and settled["Redis"] else None
        w("| %s | %s | %s | %s | %s | %s |" % (data, " | ".join(cells), fmt(ratio, "{:.2f}"),
                                            fmt(settled["Redis"], "{:,.0f} B"), fmt(settled["Basalt"], "{:,.0f} B"),
                                            fmt(settled_ratio, "{:.2f}")))
    w("")
    return out


def report(args, info, startup, memory, throughput, requests, latency, unsupported, load):
    model, jdk, redis_version = info
    out = []
    w = out.append
    w("# Basalt vs Redis — %s" % datetime.datetime.now().strftime("%Y-%m-%d %H:%M"))
    w("")
    w("- Machine: %d CPUs (%s), load average at start / end: %s / %s"
      % (os.cpu_count(), model, load[0], load[1]))
    w("- Redis: %s" % redis_version)
    w("- JDK: %s" % jdk)
    w("- Basalt JVM flags: `%s`" % " ".join(JVM_FLAGS))
    w("- CPUs: %s" % ("servers pinned to CPU %s, redis-benchmark to CPU %s (taskset)" % (SERVER_CPU, CLIENT_CPU)
                      if args.pin else "servers unpinned; redis-benchmark on the same cores"))
    w("- Rounds: %d counted after 1 warm-up round%s; Redis and Basalt alternate test by test"
      % (args.rounds, ", --quick (requests / 4)" if args.quick else ""))
    if unsupported:
        w("- Not implemented by Basalt (n/a): %s" % ", ".join(t.upper() for t in TESTS if t in unsupported))
    w("")
    w("## Throughput (redis-benchmark -c 50) and server CPU per request")
    w("")
    w("-n is sized per test so that Redis takes ~%.1f s (from the warm-up round). "
      "Ratio = median Basalt / median Redis req/s (range: min–max of per-round ratios). "
      "CPU = server utime+stime / requests (all threads); CPU ratio < 1 means Basalt spends less."
      % (TEST_SECONDS / args.scale))
    for pipeline in PIPELINES:
        w("")
        w("### -P %d" % pipeline)
        w("")
        w("| test | keys | -n | Redis req/s | Basalt req/s | Basalt/Redis | range | Redis CPU µs/req | Basalt CPU µs/req | CPU Basalt/Redis |")
        w("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        ratios, cpu_ratios = {}, {}
        for variant in VARIANTS:
            for test in TESTS:
                r = throughput.get((pipeline, variant, test, "Redis"), [])
                b = throughput.get((pipeline, variant, test, "Basalt"), [])
                r_rps = statistics.median(x[0] for x in r) if r else None
                b_rps = statistics.median(x[0] for x in b) if b else None
                r_cpu = statistics.median(x[1] for x in r) if r else None
                b_cpu = statistics.median(x[1] for x in b) if b else None
                ratio = b_rps / r_rps if r_rps and b_rps else None
                cpu_ratio = b_cpu / r_cpu if r_cpu and b_cpu else None
                per_round = [bb[0] / rr[0] for rr, bb in zip(r, b)]
                rng = "%.2f–%.2f" % (min(per_round), max(per_round)) if per_round and ratio else "n/a"
                if ratio:
                    ratios.setdefault(variant, []).append(ratio)
                if cpu_ratio:
                    cpu_ratios.setdefault(variant, []).append(cpu_ratio)
                w("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                    test.upper(), variant, fmt(requests.get((pipeline, variant, test))), fmt(r_rps), fmt(b_rps), fmt(ratio, "{:.2f}"), rng,
                    fmt(r_cpu, "{:.1f}"), fmt(b_cpu, "{:.1f}"), fmt(cpu_ratio, "{:.2f}")))
        for label, keys in [(v, [v]) for v in VARIANTS] + [("all", list(VARIANTS))]:
            g = geomean([x for k in keys for x in ratios.get(k, [])])
            gc = geomean([x for k in keys for x in cpu_ratios.get(k, [])])
            w("| **geomean** | %s | | | | **%s** | | | | **%s** |"
              % (label, fmt(g, "{:.2f}"), fmt(gc, "{:.2f}")))
    w("")
    w("## Latency (redis-benchmark -c 1 -P 1 -n %d -t get,set --precision 3), ms" % (50_000 // args.scale))
    w("")
    w("p99.9 is read from the \"Latency by percentile distribution\" section (first row whose "
      "cumulative count reaches 99.9% of requests).")
    w("")
    cols = ["avg", "min", "p50", "p95", "p99", "p99.9", "max"]
    w("| server | test | " + " | ".join(cols) + " |")
    w("|---|---|" + "---:|" * len(cols))
    for test in ("SET", "GET"):
        for name in ("Redis", "Basalt"):
            stats = latency.get(name, {}).get(test, {})
            w("| %s | %s | %s |" % (name, test, " | ".join(fmt(stats.get(c), "{:.3f}") for c in cols)))
    w("")
    out.extend(memory_report(memory))
    w("## Start-up (process start to first PONG, median of 3)")
    w("")
    w("| server | start-up |")
    w("|---|---:|")
    for name in ("Redis", "Basalt"):
        w("| %s | %.0f ms |" % (name, startup[name] * 1000))
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- main

def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rounds", type=int, default=3, help="counted rounds (default 3)")
    p.add_argument("--quick", action="store_true", help="requests / 4 and 1 round")
    p.add_argument("--memory-only", action="store_true", help="only the memory section (~3 minutes)")
    p.add_argument("--out", help="also write the markdown report to this file")
    p.add_argument("--pin", action="store_true",
                   help="pin the servers to CPU %s and the load generator to CPU %s" % (SERVER_CPU, CLIENT_CPU))
    args = p.parse_args()
    args.scale = 4 if args.quick else 1
    if args.pin:
        PIN["server"] = ["taskset", "-c", SERVER_CPU]
        PIN["client"] = ["taskset", "-c", CLIENT_CPU]
    if args.quick:
        args.rounds = 1
    # Ctrl-C and SIGTERM raise KeyboardInterrupt (even when started with SIGINT ignored, as
    # background jobs are), so the finally blocks stop the servers.
    def interrupt(*_):
        raise KeyboardInterrupt()
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)

    cache = os.path.join(ROOT, "target", "bench")
    os.makedirs(cache, exist_ok=True)
    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="basalt-bench-") as workdir:
        redis, basalt = Redis(workdir), Basalt(workdir)
        try:
            if args.memory_only:
                log("memory (%d items per data set)..." % MEMORY_ITEMS)
                text = "\n".join(memory_report(measure_memory([redis, basalt], cache)))
                sys.stdout.write(text)
                if args.out:
                    with open(args.out, "w") as f:
                        f.write(text)
                return
            log("start-up...")
            startup = measure_startup([redis, basalt])
            log("memory (%d items per data set)..." % MEMORY_ITEMS)
            memory = measure_memory([redis, basalt], cache)
            redis.start()
            basalt.start()
            unsupported = set(TESTS) - supported_tests(basalt)
            log("throughput...")
            throughput, requests = measure_throughput(redis, basalt, args.rounds, args.scale, unsupported)
            log("latency...")
            latency = measure_latency([redis, basalt], 50_000 // args.scale)
        finally:
            redis.stop()
            basalt.stop()
    text = report(args, machine_info(), startup, memory, throughput, requests, latency, unsupported,
                  ("%.2f" % load_start, "%.2f" % os.getloadavg()[0]))
    sys.stdout.write(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
        log("report written to %s" % args.out)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        log("interrupted; servers stopped")
        sys.exit(130)
    except RuntimeError as e:
        log("bench: %s" % e)
        sys.exit(1)
