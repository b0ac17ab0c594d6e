package io.basalt.observability;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The latency monitor: per event ("command", "fast-command", ...) a ring of the last 160
 * per-second maxima and the all-time maximum, as Redis's latency.c keeps them.
 */
public final class LatencyMonitor {
    static final int HISTORY = 160;

    /** One event's samples: {@code time[i]} unix seconds (0 = empty), {@code latency[i]} ms. */
    static final class Series {
        final long[] time = new long[HISTORY];
        final long[] latency = new long[HISTORY];
        int idx;
        long max;

        int last() {
            return (idx + HISTORY - 1) % HISTORY;
        }
    }

    private final Map<String, Series> events = new LinkedHashMap<>();

    /** Records {@code ms} for {@code event} at {@code unixSeconds}, keeping the maximum per second. */
    public void addSample(String event, long ms, long unixSeconds) {
        Series s = events.computeIfAbsent(event, e -> new Series());
        if (ms > s.max) s.max = ms;
        int prev = s.last();
        if (s.time[prev] == unixSeconds) {
            if (ms > s.latency[prev]) s.latency[prev] = ms;
            return;
        }
        s.time[s.idx] = unixSeconds;
        s.latency[s.idx] = ms;
        s.idx = (s.idx + 1) % HISTORY;
    }

    Map<String, Series> events() {
        return events;
    }

    /** Forgets one event (case-insensitively) or, with null, every event; returns how many. */
    public int reset(String event) {
        int n = 0;
        for (Iterator<String> it = events.keySet().iterator(); it.hasNext(); ) {
            String e = it.next();
            if (event == null || e.equalsIgnoreCase(event)) {
                it.remove();
                n++;
            }
        }
        return n;
    }

    /** LATENCY DOCTOR's report, with the parts of Redis's analysis that apply to Basalt's events. */
    String report(long thresholdMs, long slowlogSlowerThan, long nowSeconds) {
        if (events.isEmpty() && thresholdMs == 0) {
            return "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may "
                    + "use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we "
                    + "weren't in a deep space mission I'd suggest to take a look at "
                    + "https://redis.io/topics/latency-monitor.\n";
        }
        StringBuilder r = new StringBuilder();
        int eventNum = 0;
        int advices = 0;
        boolean slowlogEnabled = false, slowlogTuning = false, slowlogInspect = false, scheduler = false,
                largeObjects = false;
        for (Map.Entry<String, Series> e : events.entrySet()) {
            String event = e.getKey();
            Series s = e.getValue();
            if (++eventNum == 1) {
                r.append("Dave, I have observed latency spikes in this Redis instance. You don't mind talking about "
                        + "it, do you Dave?\n\n");
            }
            long samples = 0, sum = 0, oldest = 0;
            for (int j = 0; j < HISTORY; j++) {
                if (s.time[j] == 0) continue;
                samples++;
                sum += s.latency[j];
                if (oldest == 0 || s.time[j] < oldest) oldest = s.time[j];
            }
            long avg = samples == 0 ? 0 : sum / samples;
            long period = 0;
            if (samples > 0) {
                period = nowSeconds - oldest;
                if (period == 0) period = 1;
            }
            long dev = 0;
            for (int j = 0; j < HISTORY; j++) if (s.time[j] != 0) dev += Math.abs(avg - s.latency[j]);
            long mad = samples == 0 ? 0 : dev / samples;
            r.append(eventNum).append(". ").append(event).append(": ").append(samples)
                    .append(" latency spikes (average ").append(avg).append("ms, mean deviation ").append(mad)
                    .append("ms, period ").append(String.format(Locale.ROOT, "%.2f", (double) period / samples))
                    .append(" sec). Worst all time event ").append(s.max).append("ms.");
            if (event.equalsIgnoreCase("command")) {
                if (slowlogSlowerThan < 0) {
                    slowlogEnabled = true;
                    advices++;
                } else if (slowlogSlowerThan / 1000 > thresholdMs) {
                    slowlogTuning = true;
                    advices++;
                }
                slowlogInspect = true;
                largeObjects = true;
                advices += 2;
            }
            if (event.equalsIgnoreCase("fast-command")) {
                scheduler = true;
                advices++;
            }
            r.append('\n');
        }
        if (eventNum == 0 && advices == 0) {
            r.append("Dave, no latency spike was observed during the lifetime of this Redis instance, not in the "
                    + "slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think "
                    + "things over.\n");
        } else if (advices == 0) {
            r.append("\nWhile there are latency events logged, I'm not able to suggest any easy fix. Please use the "
                    + "Redis community to get some help, providing this report in your help request.\n");
        } else {
            r.append("\nI have a few advices for you:\n\n");
            if (slowlogEnabled) {
                r.append("- There are latency issues with potentially slow commands you are using. Try to enable "
                        + "the Slow Log Redis feature using the command 'CONFIG SET slowlog-log-slower-than ")
                        .append(thresholdMs * 1000).append("'. If the Slow log is disabled Redis is not able to log "
                        + "slow commands execution for you.\n");
            }
            if (slowlogTuning) {
                r.append("- Your current Slow Log configuration only logs events that are slower than your "
                        + "configured latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than ")
                        .append(thresholdMs * 1000).append("'.\n");
            }
            if (slowlogInspect) {
                r.append("- Check your Slow Log to understand what are the commands you are running which are too "
                        + "slow to execute. Please check https://redis.io/commands/slowlog for more information.\n");
            }
            if (scheduler) {
                r.append("- The system is slow to execute Redis code paths not containing system calls. This usually "
                        + "means the system does not provide Redis CPU time to run for long periods. You should try "
                        + "to:\n"
                        + "  1) Lower the system load.\n"
                        + "  2) Use a computer / VM just for Redis if you are running other software in the same "
                        + "system.\n"
                        + "  3) Check if you have a \"noisy neighbour\" problem.\n"
                        + "  4) Check with 'redis-cli --intrinsic-latency 100' what is the intrinsic latency in your "
                        + "system.\n"
                        + "  5) Check if the problem is allocator-related by recompiling Redis with MALLOC=libc, if "
                        + "you are using Jemalloc. However this may create fragmentation problems.\n");
            }
            if (largeObjects) {
                r.append("- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking "
                        + "operation. If you have very large objects that are often deleted, expired, or evicted, "
                        + "try to fragment those objects into multiple smaller objects.\n");
            }
        }
        return r.toString();
    }
}
