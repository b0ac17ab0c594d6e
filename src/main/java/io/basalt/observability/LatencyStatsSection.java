package io.basalt.observability;

import io.basalt.command.CommandSpec;
import io.basalt.config.Directives;
import io.basalt.util.LatencyHistogram;

import java.util.List;

import static io.basalt.observability.InfoFormat.f3;

/** INFO latencystats: the configured percentiles of each command's latency, in microseconds. */
final class LatencyStatsSection extends BuiltinSection {
    LatencyStatsSection(ServerInfo info) {
        super(info, "latencystats", "Latencystats", false);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void appendFields(StringBuilder out) {
        LatencyTracker tracker = info.latency;
        if (!tracker.enabled()) return;
        // The config keeps each percentile as Redis prints it ("50", "99.9").
        List<String> percentiles = (List<String>) info.engine().config().get(Directives.LATENCY_TRACKING_INFO_PERCENTILES);
        for (CommandSpec c : CommandStatsSection.ordered(info.engine().commands().all())) {
            LatencyHistogram h = tracker.histogram(c);
            if (h == null) continue;
            out.append("latency_percentiles_usec_").append(InfoFormat.safe(c.fullName())).append(':');
            for (int j = 0; j < percentiles.size(); j++) {
                String p = percentiles.get(j);
                if (j > 0) out.append(',');
                out.append('p').append(p).append('=')
                        .append(f3(h.valueAtPercentile(Double.parseDouble(p)) / 1000.0));
            }
            out.append("\r\n");
        }
    }
}
