using OrleansSync.Benchmarks;

// Benchmarks measure; tests assert. Each benchmark is a sub-command implementing IBenchmark.
var benchmarks = typeof(IBenchmark).Assembly.GetTypes()
    .Where(type => type is { IsAbstract: false, IsInterface: false } && typeof(IBenchmark).IsAssignableFrom(type))
    .Select(type => (IBenchmark)Activator.CreateInstance(type)!)
    .OrderBy(benchmark => benchmark.Name, StringComparer.Ordinal)
    .ToList();

var selected = args.Length > 0 ? benchmarks.FirstOrDefault(b => b.Name == args[0]) : null;
if (selected is null)
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/Benchmarks -- <benchmark> [options]");
    Console.Error.WriteLine();
    foreach (var benchmark in benchmarks)
    {
        Console.Error.WriteLine($"  {benchmark.Name,-12} {benchmark.Description}");
    }

    return args.Length == 0 ? 2 : 1;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, eventArgs) =>
{
    eventArgs.Cancel = true;
    cancellation.Cancel();
};
return await selected.RunAsync(args[1..], cancellation.Token);
