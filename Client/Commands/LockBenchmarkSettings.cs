namespace OrleansSync.Client.Commands;

/// <summary>What <c>bench locks</c> runs.</summary>
internal sealed record LockBenchmarkSettings(int Clients, TimeSpan Duration, bool Contended);
