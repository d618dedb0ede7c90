using OrleansSync.Grains.Interfaces.Raft;

namespace OrleansSync.Silo.Tests;

/// <summary>A Raft group as its leader and voters report themselves when asked directly: what the status readers must agree with.</summary>
internal sealed record GroupTruth(int Group, RaftPeerStatus Leader, IReadOnlyList<int> Voters, IReadOnlyDictionary<int, string> SiloOf);
