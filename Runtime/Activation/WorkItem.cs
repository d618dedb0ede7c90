namespace OrleansSync.Runtime.Activation;

/// <summary>One turn-producing piece of work in an activation's mailbox.</summary>
/// <param name="Kind">How it may overlap other work.</param>
/// <param name="Run">The work; it reports its own outcome and never throws for grain errors.</param>
/// <param name="Reject">Called instead of <paramref name="Run"/> if the activation goes away first.</param>
internal sealed record WorkItem(WorkKind Kind, Func<Task> Run, Action<Exception>? Reject);
