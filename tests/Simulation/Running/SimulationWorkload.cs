namespace OrleansSync.Simulation.Running;

/// <summary>What the simulated clients do. Each workload brings its state machine, client operations and linearizability model.</summary>
internal enum SimulationWorkload
{
    /// <summary>Key-value puts, appends, compare-and-swaps, deletes and ReadIndex reads, checked against the key-value model.</summary>
    KeyValue = 1,

    /// <summary>Lock clients (leases, shared/exclusive acquires, waits, releases, reads), checked against the lease-lock model and lock invariants.</summary>
    Locks = 2,

    /// <summary>Queue producers and consumers (send with dedup ids and delays, receive, ack, nack, extend, redrive), checked by queue history invariants.</summary>
    Queues = 3,

    /// <summary>Silos with near caches and a cache directory (MESI with leases), checked for single writers and per-key register linearizability.</summary>
    Cache = 4,
}
