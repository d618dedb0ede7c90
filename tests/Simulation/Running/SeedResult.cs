namespace OrleansSync.Simulation.Running;

/// <summary>The outcome of one seed: its verdict, what failed, and counters for the summary.</summary>
internal sealed record SeedResult(int Seed, SeedVerdict Verdict, string Detail, SeedStatistics Statistics, IReadOnlyCollection<string> TraceLines)
{
    public string ReproduceCommand => $"dotnet run -c Release --project tests/Simulation -- --seed {Seed}";
}
