namespace OrleansSync.Benchmarks;

/// <summary>The lock benchmark's command line.</summary>
/// <param name="Seconds">Measured window of each case.</param>
/// <param name="WarmupSeconds">Unmeasured run before each case's window.</param>
/// <param name="Seed">Picks the lock names (and so which groups they hash to).</param>
/// <param name="Groups">Lock Raft groups in the cluster.</param>
/// <param name="UseTcp">Silos talk over loopback TCP instead of the in-process network.</param>
/// <param name="CommitIndexBroadcast">The leaders broadcast each new commit index in appends of its own (the core's default; hosts turn it off, ADR 0052).</param>
internal sealed record LockBenchmarkOptions(int Seconds, int WarmupSeconds, int Seed, int Groups, bool UseTcp, bool CommitIndexBroadcast);
