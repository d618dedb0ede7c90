namespace OrleansSync.Grains.Raft;

/// <summary>Where a (pre-)election stands after a vote is counted.</summary>
internal enum ElectionOutcome
{
    Pending = 0,
    Won = 1,
    Lost = 2,
}
