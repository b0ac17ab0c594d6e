package io.basalt.observability;

import io.basalt.util.ProcessMetrics;

import static io.basalt.observability.InfoFormat.field;
import static io.basalt.util.ProcessMetrics.seconds;

/** INFO cpu: process CPU from /proc, "main thread" = the thread executing INFO. */
final class CpuSection extends BuiltinSection {
    CpuSection(ServerInfo info) {
        super(info, "cpu", "CPU", true);
    }

    @Override
    public void appendFields(StringBuilder out) {
        long[] p = ProcessMetrics.processCpuMicros();
        long[] t = ProcessMetrics.threadCpuMicros();
        field(out, "used_cpu_sys", seconds(p[1]));
        field(out, "used_cpu_user", seconds(p[0]));
        field(out, "used_cpu_sys_children", seconds(0));
        field(out, "used_cpu_user_children", seconds(0));
        field(out, "used_cpu_sys_main_thread", seconds(t[1]));
        field(out, "used_cpu_user_main_thread", seconds(t[0]));
    }
}
