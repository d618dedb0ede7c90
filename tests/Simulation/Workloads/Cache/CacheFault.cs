namespace OrleansSync.Simulation.Workloads.Cache;

/// <summary>A bug planted in the cache workload's hosts (never in the production directory or near cache).</summary>
internal enum CacheFault
{
    None = 0,

    /// <summary>The directory host treats one invalidation ack as every holder's: a write completes while other copies live.</summary>
    AckBeforeAllInvalidations = 1,

    /// <summary>The silo host serves a read from the last value it saw after the near cache dropped the line for a lapsed lease.</summary>
    ReadLapsedCopy = 2,

    /// <summary>Near caches run with a 1 ms drift allowance while clocks drift near the drawn maximum.</summary>
    IgnoreDriftAllowance = 3,
}
