namespace OrleansSync.Silo.Api;

/// <summary>The body of <c>POST /locks/{name}/acquire</c> and <c>/try</c>; every member is optional.</summary>
/// <param name="Mode"><c>exclusive</c> (default) or <c>shared</c>.</param>
/// <param name="TtlMs">Lease time-to-live in milliseconds, from the grant (default 30000; 1000 to 3600000). Keep it alive or it ends.</param>
/// <param name="WaitMs">How long to wait in the lock's FIFO queue (acquire only; default 10000; 0 to 60000).</param>
internal sealed record AcquireLockRequest(string? Mode, long? TtlMs, long? WaitMs);
