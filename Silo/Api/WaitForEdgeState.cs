namespace OrleansSync.Silo.Api;

/// <summary>One wait-for edge: <see cref="Waiter"/>'s wait on <see cref="Lock"/> cannot proceed before <see cref="Blocker"/> moves.</summary>
internal sealed record WaitForEdgeState(int Group, string Lock, string Waiter, ulong WaiterLeaseId, ulong WaitId, DateTimeOffset WaitingSince, string Blocker);
