namespace OrleansSync.Grains.Raft.StateMachines;

/// <summary>The answer to a <see cref="KeyValueCommand"/>.</summary>
/// <param name="Status">Outcome.</param>
/// <param name="Value">The value the outcome refers to (see <see cref="KeyValueResultStatus"/>), or null.</param>
public sealed record KeyValueResult(KeyValueResultStatus Status, string? Value = null);
