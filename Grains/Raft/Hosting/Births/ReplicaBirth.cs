namespace OrleansSync.Grains.Raft.Hosting.Births;

/// <summary>The stored birth record of a replica id: the silo endpoint it was born on.</summary>
[GenerateSerializer]
[Alias("OrleansSync.ReplicaBirth")]
public sealed class ReplicaBirth
{
    [Id(0)]
    public string Silo { get; set; } = string.Empty;
}
