using OrleansSync.Grains.Raft;

namespace OrleansSync.Simulation.Checking;

/// <summary>
/// An entry some replica applied (so it was committed). <see cref="ObservedTerm"/> is the lowest
/// term in which any replica applied it: the entry was committed in that term or earlier.
/// </summary>
internal sealed record CommittedEntry(LogEntry Entry, ulong ObservedTerm, ulong FirstAppliedBy);
