namespace OrleansSync.Grains.Raft;

/// <summary>Raft node ids are non-zero <see cref="ulong"/> values; zero means "nobody".</summary>
public static class NodeId
{
    /// <summary>No node: no vote cast, no leader known.</summary>
    public const ulong None = 0;
}
