using System.Collections.Immutable;

namespace OrleansSync.TestSupport.Linearizability.Models.LeaseLocks;

/// <summary>One lock in the model: its holders by lease and its FIFO queue. A lock with neither is absent.</summary>
public sealed record LockRecord(ImmutableSortedDictionary<ulong, HolderRecord> Holders, ImmutableList<WaiterRecord> Waiters);
