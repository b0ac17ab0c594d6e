package io.basalt.observability;

import java.util.Map;
import java.util.TreeMap;

/** INFO errorstats: one line per error code, in byte order as Redis's rax keeps them. */
final class ErrorStatsSection extends BuiltinSection {
    ErrorStatsSection(ServerInfo info) {
        super(info, "errorstats", "Errorstats", true);
    }

    @Override
    public void appendFields(StringBuilder out) {
        for (Map.Entry<String, Long> e : new TreeMap<>(info.engine().stats().errorCodes()).entrySet()) {
            out.append("errorstat_").append(InfoFormat.safe(e.getKey())).append(":count=").append(e.getValue()).append("\r\n");
        }
    }
}
