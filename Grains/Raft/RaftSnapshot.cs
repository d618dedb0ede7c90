namespace OrleansSync.Grains.Raft;

/// <summary>
/// A state-machine snapshot that replaces the log up to and including <see cref="Index"/>.
/// </summary>
/// <param name="Index">Index of the last entry the snapshot covers.</param>
/// <param name="Term">Term of that entry.</param>
/// <param name="Configuration">The cluster configuration in force at <paramref name="Index"/>.</param>
/// <param name="Data">The state machine's serialized state (and its client-session table).</param>
public sealed record RaftSnapshot(ulong Index, ulong Term, ClusterConfiguration Configuration, ReadOnlyMemory<byte> Data);
