using OrleansSync.TestSupport.Linearizability;

namespace OrleansSync.Simulation.Cluster;

/// <summary>What one simulation run produced for the runner to judge.</summary>
/// <param name="LivenessFailure">Why the liveness phase failed, or null if it made progress.</param>
/// <param name="Linearizability">The verdict on the client history.</param>
/// <param name="Statistics">Counters for reports.</param>
internal sealed record SimulationOutcome(string? LivenessFailure, LinearizabilityResult Linearizability, Running.SeedStatistics Statistics);
