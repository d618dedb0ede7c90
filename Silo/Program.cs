using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;
using OrleansSync.Silo.Hosting;

// `dotnet run --project Silo` starts a local development cluster: three silos in this process on
// loopback over TCP (silo ports 11111+, gateways 30000+, HTTP 8080+), sharing an in-memory
// membership table, each hosting Raft peers of the lock groups with the WALs under ./data.
// `--clustering redis` runs silos that meet others through a Redis membership table (one silo per
// process for several machines). See Silo/README.md.
if (CommandLineOptions.WantsHelp(args))
{
    Console.WriteLine(CommandLineOptions.Usage);
    return 0;
}

IConfiguration configuration;
SiloHostOptions options;
try
{
    (configuration, options) = SiloConfiguration.Load(args);
}
catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or OptionsValidationException or FormatException)
{
    var messages = exception is OptionsValidationException validation ? validation.Failures : [exception.Message];
    foreach (var message in messages)
    {
        Console.Error.WriteLine($"error: {message}");
    }

    Console.Error.WriteLine("Run with --help for the options.");
    return 2;
}

using var stopping = new CancellationTokenSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
await using var process = new SiloProcess(options, configuration);
try
{
    await process.StartAsync(stopping.Token);
}
catch (SiloStartException exception)
{
    // A port in use, an unreachable Redis, ...: say so plainly, stop the silos that did start, exit 1.
    Console.Error.WriteLine($"error: {exception.Message}");
    await process.StopAsync();
    return 1;
}
catch (OperationCanceledException) when (stopping.IsCancellationRequested)
{
    await process.StopAsync();
    return 0;
}

try
{
    var leaderless = await process.WaitForLeadersAsync(TimeSpan.FromSeconds(30), stopping.Token);
    await PrintAsync(process, options, leaderless, stopping.Token);
    await Task.Delay(Timeout.Infinite, stopping.Token);
}
catch (OperationCanceledException) when (stopping.IsCancellationRequested)
{
    Console.WriteLine("Stopping...");
}

await process.StopAsync();
Console.WriteLine("Stopped.");
return 0;

void Stop(PosixSignalContext context)
{
    // Handled here: the silos stop gracefully (leave membership) instead of the process dying.
    context.Cancel = true;
    stopping.Cancel();
}

static async Task PrintAsync(SiloProcess process, SiloHostOptions options, IReadOnlyList<int> leaderless, CancellationToken cancellationToken)
{
    Console.WriteLine($"OrleansSync: {options.SiloCount} silo(s), {options.Clustering} clustering" +
        (options.Clustering == ClusteringMode.Redis ? $" via {options.Redis}" : " (membership shared in this process, no primary silo)") +
        $", {options.Groups} Raft groups x {options.Replicas} replicas, cluster id {options.ClusterId}");
    foreach (var node in process.Nodes)
    {
        var endpoints = await node.GetEndpointsAsync(cancellationToken);
        Console.WriteLine($"  {endpoints.Name}: silo {endpoints.Silo}  gateway {endpoints.Gateway}  http {endpoints.Http}");
        Console.WriteLine($"    status {new Uri(endpoints.Http, "status")}  health {new Uri(endpoints.Http, "health")}  metrics {new Uri(endpoints.Http, "metrics")}  openapi {new Uri(endpoints.Http, "openapi/v1.json")}");
    }

    Console.WriteLine($"  data: {Path.GetFullPath(options.DataDirectory)}");
    Console.WriteLine(leaderless.Count == 0
        ? "All Raft groups have leaders. Press Ctrl+C to stop."
        : $"Raft groups without a leader yet: {string.Join(", ", leaderless)} (see /health). Press Ctrl+C to stop.");
}
