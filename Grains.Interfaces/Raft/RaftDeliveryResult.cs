namespace OrleansSync.Grains.Interfaces.Raft;

/// <summary>What a replica did with a batch of Raft messages.</summary>
[GenerateSerializer]
[Alias("OrleansSync.RaftDeliveryResult")]
public enum RaftDeliveryResult
{
    /// <summary>Stepped into its Raft node.</summary>
    Accepted = 0,

    /// <summary>Dropped: the replica was removed from its group for good.</summary>
    Removed = 1,

    /// <summary>Dropped: the replica was activated on a silo without its log (it is inert until replaced).</summary>
    Lost = 2,
}
