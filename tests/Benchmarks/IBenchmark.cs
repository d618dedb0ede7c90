namespace OrleansSync.Benchmarks;

/// <summary>
/// One benchmark, run as a sub-command: <c>dotnet run -c Release --project tests/Benchmarks -- NAME [args]</c>.
/// Implementations are found by reflection, so adding one is adding a file.
/// </summary>
internal interface IBenchmark
{
    /// <summary>The sub-command name, lower-case (e.g. <c>raft</c>).</summary>
    string Name { get; }

    /// <summary>One line for the usage listing: what is measured and against which baseline.</summary>
    string Description { get; }

    /// <summary>Runs the benchmark, printing results to the console; returns the process exit code.</summary>
    Task<int> RunAsync(string[] args, CancellationToken cancellationToken);
}
