package io.basalt.command;

/**
 * The replication state the dispatcher's checks read (processCommand's NOREPLICAS, READONLY
 * and MASTERDOWN gates). The replication layer keeps it current, inside the execution order;
 * a standalone master leaves every gate open.
 */
public final class ReplicationGate {
    /** min-replicas-to-write is set and fewer good replicas are attached (checkGoodReplicasStatus). */
    public boolean lacksGoodReplicas;
    /** We replicate a master (replicas leave eviction to it unless replica-ignore-maxmemory is no). */
    public boolean replica;
    /** We replicate a master with replica-read-only yes. */
    public boolean readOnlyReplica;
    /** We replicate a master, the link is down and replica-serve-stale-data is no. */
    public boolean staleDenied;
}
