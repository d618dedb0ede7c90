using System.Text.Json;
using OrleansSync.Grains.Queues;
using Xunit.Abstractions;

namespace OrleansSync.EndToEnd;

/// <summary>
/// The built silo executables as three processes and the built console client: messages sent
/// (each acknowledged after commit) to a one-partition queue, then a SIGKILL of the silo hosting
/// that partition's Raft leader; every acknowledged message is still received afterwards.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class QueueServiceEndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Messages = 6; // each send is a client process (~3 s on 2 loaded cores): keeps the test under a minute
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan FailoverDeadline = TimeSpan.FromSeconds(40);
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly string _directory = Directory.CreateTempSubdirectory("orleanssync-e2e-queues-").FullName;
    private RedisServerProcess? _redis;
    private SiloProcesses? _silos;
    private ClientExecutable? _client;

    public async Task InitializeAsync()
    {
        var built = BuiltExecutables.Find();
        _redis = await RedisServerProcess.StartAsync();
        _silos = SiloProcesses.Start(built, _redis.Endpoint, _directory, count: 3);
        _client = new ClientExecutable(built, _silos.Gateways, _directory);
        await _silos.WaitForHealthAsync(StartTimeout, "start");
        Phase("three silo processes healthy");
    }

    public async Task DisposeAsync()
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

    [Fact]
    public async Task AcknowledgedSends_SurviveASigkillOfThePartitionLeadersSilo()
    {
        var client = _client!;
        Expect(await client.RunAsync("queue", "create", "orders", "--partitions", "1"), 0);
        var sent = new HashSet<string>();
        for (var i = 0; i < Messages; i++)
        {
            Expect(await client.RunAsync("queue", "send", "orders", $"order-{i}"), 0);
            sent.Add($"order-{i}");
        }

        Phase($"{Messages} sends acknowledged");
        var victim = await LeaderSiloOfPartitionAsync(client, "orders", 0);
        await _silos!.KillAsync(victim);
        Phase($"killed {victim} (leader of orders/0's group) with SIGKILL");

        var received = new HashSet<string>();
        var attempts = new List<ClientResult>();
        using var deadline = new CancellationTokenSource(FailoverDeadline);
        while (!received.IsSupersetOf(sent) && !deadline.IsCancellationRequested && attempts.Count < 40)
        {
            var run = await client.RunAsync("queue", "receive", "orders", "--max", "10", "--wait", "2s", "--visibility", "5m", "--connect-timeout", "5s");
            attempts.Add(run);
            if (run.ExitCode == 0)
            {
                received.UnionWith(run.Json().GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("body").GetString()!));
            }
            else
            {
                await Task.Delay(500, CancellationToken.None);
            }
        }

        Phase($"received {received.Count} distinct messages after the kill in {attempts.Count} receives");
        Assert.True(received.IsSupersetOf(sent), $"acknowledged but not received: {string.Join(",", sent.Except(received))}\n{string.Join('\n', attempts.TakeLast(3))}\n{_silos.OutputOfAll()}");
    }

    private void Phase(string what) => output.WriteLine($"{_clock.Elapsed.TotalSeconds,6:0.0} s  {DateTime.UtcNow:HH:mm:ss.fff}  {what}");

    /// <summary>
    /// The silo whose replica leads the group of <paramref name="queue"/>/<paramref name="partition"/>,
    /// once every group has a leader and its voters on distinct silos (else one kill could take a majority).
    /// </summary>
    private async Task<string> LeaderSiloOfPartitionAsync(ClientExecutable client, string queue, int partition)
    {
        using var deadline = new CancellationTokenSource(StartTimeout);
        ClientResult? last = null;
        while (!deadline.IsCancellationRequested)
        {
            last = await client.RunAsync("status");
            if (last.ExitCode == 0 && LeaderOnDistinctSilos(last.Json(), queue, partition) is { } silo)
            {
                return silo;
            }

            await Task.Delay(1_000, CancellationToken.None);
        }

        throw new TimeoutException($"The groups were not replicated on distinct silos within {StartTimeout.TotalSeconds} s.\n{last}\n{_silos!.OutputOfAll()}");
    }

    private static string? LeaderOnDistinctSilos(JsonElement status, string queue, int partition) =>
        ClusterStatusJson.IsReplicatedOnDistinctSilos(status)
            ? ClusterStatusJson.LeaderSiloOf(status, new QueuePartitionMap(ClusterStatusJson.GroupCount(status)).GroupOf(queue, partition))
            : null;

    private ClientResult Expect(ClientResult result, int exitCode)
    {
        Assert.True(result.ExitCode == exitCode, $"expected exit {exitCode}:\n{result}\n{_silos!.OutputOfAll()}");
        return result;
    }
}
