namespace OrleansSync.Silo.Ui;

/// <summary>The body of <c>GET /cluster/history</c>: samples oldest first, leader changes newest first.</summary>
/// <param name="Silo">The silo that sampled (each silo keeps its own history).</param>
/// <param name="IntervalMs">Time between samples.</param>
/// <param name="Samples">At most <see cref="UiHistory.MaxSamples"/>, oldest first.</param>
/// <param name="Elections">Leader changes seen, at most <see cref="UiHistory.MaxElections"/>, newest first.</param>
internal sealed record UiHistoryState(string Silo, int IntervalMs, IReadOnlyList<UiSample> Samples, IReadOnlyList<ObservedElection> Elections);
