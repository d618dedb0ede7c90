namespace OrleansSync.Benchmarks;

/// <summary>One row of the peer benchmark: this many workers, each on its own lock or all on one.</summary>
internal sealed record PeerWorkload(string Name, int Clients, bool Contended);
