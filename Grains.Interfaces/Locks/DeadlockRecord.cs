
namespace OrleansSync.Grains.Interfaces.Locks;

/// <summary>One deadlock the detector broke: the wait it aborted (the victim) and the cycle.</summary>
/// <param name="At">When the abort was proposed (the detector's clock).</param>
/// <param name="Group">The victim's lock group.</param>
/// <param name="Lock">The lock the victim waited on.</param>
/// <param name="VictimOwner">The owner (lease) whose wait was aborted.</param>
/// <param name="VictimLeaseId">Its lease id.</param>
/// <param name="WaitId">The aborted wait.</param>
/// <param name="Cycle">The cycle, as text.</param>
/// <param name="Outcome">What the group answered the abort (Ok, or why not).</param>
[GenerateSerializer]
public sealed record DeadlockRecord(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] int Group,
    [property: Id(2)] string Lock,
    [property: Id(3)] string VictimOwner,
    [property: Id(4)] ulong VictimLeaseId,
    [property: Id(5)] ulong WaitId,
    [property: Id(6)] string Cycle,
    [property: Id(7)] string Outcome);
