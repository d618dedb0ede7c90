using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace OrleansSync.EndToEnd;

/// <summary>
/// What every end-to-end test starts with: a private redis-server, the built silo executable as
/// three processes of the Redis form (each with its own disk), and the built console client; plus
/// the phase log and the checks the tests share. Disposing kills every process and deletes the
/// temp directory, also when the start failed halfway.
/// </summary>
internal sealed class RedisFormCluster : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ITestOutputHelper _output;
    private readonly string _directory;
    private RedisServerProcess? _redis;
    private SiloProcesses? _silos;
    private ClientExecutable? _client;

    private RedisFormCluster(ITestOutputHelper output, string directoryPrefix)
    {
        _output = output;
        _directory = Directory.CreateTempSubdirectory(directoryPrefix).FullName;
    }

    public SiloProcesses Silos => _silos ?? throw new InvalidOperationException("The cluster has not started.");

    public ClientExecutable Client => _client ?? throw new InvalidOperationException("The cluster has not started.");

    /// <summary>Starts Redis and three silo processes, and returns once every silo answers <c>/health</c> 200.</summary>
    public static async Task<RedisFormCluster> StartAsync(ITestOutputHelper output, string directoryPrefix)
    {
        var cluster = new RedisFormCluster(output, directoryPrefix);
        try
        {
            var built = BuiltExecutables.Find();
            cluster._redis = await RedisServerProcess.StartAsync();
            cluster._silos = SiloProcesses.Start(built, cluster._redis.Endpoint, cluster._directory, count: 3);
            cluster._client = new ClientExecutable(built, cluster._silos.Gateways, cluster._directory);
            await cluster._silos.WaitForHealthAsync(StartTimeout, "start");
            cluster.Phase("three silo processes healthy");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Logs a phase with the time since the start and the UTC time (the silos' logs carry UTC timestamps).</summary>
    public void Phase(string what) => _output.WriteLine($"{_clock.Elapsed.TotalSeconds,6:0.0} s  {DateTime.UtcNow:HH:mm:ss.fff}  {what}");

    /// <summary>Asserts the client run's exit code, showing its output and every silo's on failure.</summary>
    public ClientResult Expect(ClientResult result, int exitCode)
    {
        Assert.True(result.ExitCode == exitCode, $"expected exit {exitCode}:\n{result}\n{Silos.OutputOfAll()}");
        return result;
    }

    /// <summary>
    /// The first <c>status --json</c> in which every group has a leader and its current voters on
    /// distinct silos (else one kill could take a majority); fails after <see cref="StartTimeout"/>.
    /// </summary>
    public async Task<JsonElement> StatusOnceReplicatedAsync()
    {
        using var deadline = new CancellationTokenSource(StartTimeout);
        ClientResult? last = null;
        while (!deadline.IsCancellationRequested)
        {
            last = await Client.RunAsync("status");
            if (last.ExitCode == 0 && ClusterStatusJson.IsReplicatedOnDistinctSilos(last.Json()))
            {
                Phase("every group replicated on distinct silos");
                return last.Json();
            }

            await Task.Delay(1_000, CancellationToken.None);
        }

        throw new TimeoutException($"The groups were not replicated on distinct silos within {StartTimeout.TotalSeconds} s.\n{last}\n{Silos.OutputOfAll()}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_silos is not null)
        {
            await _silos.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }
}
