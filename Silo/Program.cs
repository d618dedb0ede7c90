using System.Globalization;
using OrleansSync.Silo;

// `dotnet run --project Silo` starts a local development cluster: three silos in this process,
// each hosting Raft peers of 8 lock groups (replicas on distinct silos), with the WALs under
// data/ in the working directory (--data-dir to choose), and serves /status and /health on
// http://127.0.0.1:8080 until Ctrl+C.
// The lock HTTP API and the console client's lock commands arrive with issues 6 and 7.
DevelopmentClusterOptions options;
try
{
    options = ParseArguments(args);
    options.Validate();
}
catch (Exception exception) when (exception is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"error: {exception.Message}");
    Console.Error.WriteLine("usage: dotnet run --project Silo -- [--silos N] [--data-dir PATH] [--http-port PORT] [--groups G]");
    return 2;
}

var builder = WebApplication.CreateBuilder();
builder.WebHost.UseUrls($"http://127.0.0.1:{options.HttpPort}");
builder.Services.AddSingleton(options);
builder.Services.AddSingleton<DevelopmentCluster>();
builder.Services.AddHealthChecks().AddCheck<RaftGroupsHealthCheck>("raft-groups");
var app = builder.Build();

var cluster = app.Services.GetRequiredService<DevelopmentCluster>();
await cluster.StartAsync(app.Lifetime.ApplicationStopping);
app.MapHealthChecks("/health");
app.MapGet("/status", async () => Results.Json(await cluster.GetStatusAsync(TimeSpan.FromSeconds(2))));
app.Lifetime.ApplicationStarted.Register(() =>
{
    Console.WriteLine($"OrleansSync development cluster: {options.Silos} silos, {options.Groups} Raft groups x 3 replicas");
    Console.WriteLine($"  data:    {Path.GetFullPath(options.DataDirectory)}");
    Console.WriteLine($"  status:  http://127.0.0.1:{options.HttpPort}/status");
    Console.WriteLine($"  health:  http://127.0.0.1:{options.HttpPort}/health");
    Console.WriteLine("Press Ctrl+C to stop.");
});
await app.RunAsync();
await cluster.DisposeAsync();
return 0;

static DevelopmentClusterOptions ParseArguments(string[] args)
{
    var options = new DevelopmentClusterOptions();
    for (var i = 0; i < args.Length; i++)
    {
        var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
        switch (args[i])
        {
            case "--silos":
                options.Silos = int.Parse(value, CultureInfo.InvariantCulture);
                break;
            case "--data-dir":
                options.DataDirectory = value;
                break;
            case "--http-port":
                options.HttpPort = int.Parse(value, CultureInfo.InvariantCulture);
                break;
            case "--groups":
                options.Groups = int.Parse(value, CultureInfo.InvariantCulture);
                break;
            default:
                throw new ArgumentException($"Unknown option {args[i]}.");
        }

        i++;
    }

    return options;
}
