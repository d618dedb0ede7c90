namespace OrleansSync.TestSupport.Linearizability.Models.LeaseLocks;

/// <summary>An open lease in the model.</summary>
public sealed record LeaseRecord(long TtlMs, long ExpiresAtMs);
