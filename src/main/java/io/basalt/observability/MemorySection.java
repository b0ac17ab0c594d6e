package io.basalt.observability;

import io.basalt.config.Directives;
import io.basalt.util.ProcessMetrics;

import static io.basalt.observability.InfoFormat.f2;
import static io.basalt.observability.InfoFormat.field;
import static io.basalt.observability.InfoFormat.human;

/**
 * INFO memory. used_memory is the memory Basalt counts (what maxmemory limits, see
 * {@link io.basalt.command.MemoryLimit}), allocator_allocated the JVM heap in use and
 * used_memory_rss the process RSS; the interpreters' memory figures are those of a fresh
 * Redis; the function and library counts come from scripting.
 */
final class MemorySection extends BuiltinSection {
    private static final long LUA_VM_EMPTY = 32768;
    private static final long FUNCTIONS_VM_EMPTY = 33792;
    private static final long FUNCTIONS_CACHES_EMPTY = 200;

    MemorySection(ServerInfo info) {
        super(info, "memory", "Memory", true);
    }

    @Override
    public void appendFields(StringBuilder out) {
        var config = info.engine().config();
        MemoryReport.Snapshot m = info.memory.snapshot();
        long total = ProcessMetrics.totalSystemMemory();
        long maxmemory = config.getLong(Directives.MAXMEMORY);
        field(out, "used_memory", m.used);
        field(out, "used_memory_human", human(m.used));
        field(out, "used_memory_rss", m.rss);
        field(out, "used_memory_rss_human", human(m.rss));
        field(out, "used_memory_peak", m.peakAllocated);
        field(out, "used_memory_peak_human", human(m.peakAllocated));
        field(out, "used_memory_peak_perc", f2(m.peakPerc()) + "%");
        field(out, "used_memory_overhead", m.overheadTotal);
        field(out, "used_memory_startup", m.startupAllocated);
        field(out, "used_memory_dataset", m.dataset());
        field(out, "used_memory_dataset_perc", f2(m.datasetPerc()) + "%");
        field(out, "allocator_allocated", m.heapUsed);
        field(out, "allocator_active", m.committed);
        field(out, "allocator_resident", m.rss);
        field(out, "total_system_memory", total);
        field(out, "total_system_memory_human", human(total));
        field(out, "used_memory_lua", LUA_VM_EMPTY);
        field(out, "used_memory_vm_eval", LUA_VM_EMPTY);
        field(out, "used_memory_lua_human", human(LUA_VM_EMPTY));
        field(out, "used_memory_scripts_eval", 0);
        field(out, "number_of_cached_scripts", 0);
        field(out, "number_of_functions", gauge("number_of_functions"));
        field(out, "number_of_libraries", gauge("number_of_libraries"));
        field(out, "used_memory_vm_functions", FUNCTIONS_VM_EMPTY);
        field(out, "used_memory_vm_total", FUNCTIONS_VM_EMPTY + LUA_VM_EMPTY);
        field(out, "used_memory_vm_total_human", human(FUNCTIONS_VM_EMPTY + LUA_VM_EMPTY));
        field(out, "used_memory_functions", FUNCTIONS_CACHES_EMPTY);
        field(out, "used_memory_scripts", FUNCTIONS_CACHES_EMPTY);
        field(out, "used_memory_scripts_human", human(FUNCTIONS_CACHES_EMPTY));
        field(out, "maxmemory", maxmemory);
        field(out, "maxmemory_human", human(maxmemory));
        field(out, "maxmemory_policy", config.getString(Directives.MAXMEMORY_POLICY));
        field(out, "allocator_frag_ratio", f2(m.allocatorFrag()));
        field(out, "allocator_frag_bytes", m.allocatorFragBytes());
        field(out, "allocator_rss_ratio", f2(m.allocatorRss()));
        field(out, "allocator_rss_bytes", m.allocatorRssBytes());
        field(out, "rss_overhead_ratio", f2(1.0));
        field(out, "rss_overhead_bytes", 0);
        field(out, "mem_fragmentation_ratio", f2(m.totalFrag()));
        field(out, "mem_fragmentation_bytes", m.totalFragBytes());
        field(out, "mem_not_counted_for_evict", info.engine().memoryLimit().notCounted());
        field(out, "mem_replication_backlog", gauge("mem_replication_backlog"));
        field(out, "mem_total_replication_buffers", gauge("mem_total_replication_buffers"));
        field(out, "mem_clients_slaves", gauge("mem_clients_slaves"));
        field(out, "mem_clients_normal", m.clientsNormal);
        field(out, "mem_cluster_links", gauge("mem_cluster_links"));
        field(out, "mem_aof_buffer", gauge("mem_aof_buffer"));
        field(out, "mem_allocator", "jvm");
        field(out, "active_defrag_running", 0);
        field(out, "lazyfree_pending_objects", 0);
        field(out, "lazyfreed_objects", 0);
    }
}
