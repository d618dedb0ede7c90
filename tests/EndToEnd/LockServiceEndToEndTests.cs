using System.Text.Json;
using OrleansSync.Grains.Locks.Client;
using Xunit.Abstractions;

namespace OrleansSync.EndToEnd;

/// <summary>
/// The built silo executables as three processes (Redis clustering against a private
/// redis-server) and the built console client: lock semantics from the command line, then a
/// SIGKILL of the silo hosting the lock's Raft leader, after which the lock service still serves
/// and what it granted before the kill still holds.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class LockServiceEndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan FailoverDeadline = TimeSpan.FromSeconds(30);
    private readonly string _directory = Directory.CreateTempSubdirectory("orleanssync-e2e-").FullName;
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
    public async Task LockCommands_AgainstSiloProcesses_SurviveASigkillOfTheLeadersSilo()
    {
        var client = _client!;

        // Lock semantics from the command line.
        var grant = Expect(await client.RunAsync("lock", "acquire", "demo", "--ttl", "60s"), 0).Json();
        var leaseId = grant.GetProperty("leaseId").GetUInt64();
        var busy = await client.RunAsync("lock", "try", "demo");
        Assert.True(busy.ExitCode == 3, busy.ToString());
        Assert.Equal("not_granted", busy.Json().GetProperty("error").GetProperty("code").GetString());
        Expect(await client.RunAsync("lock", "release", "demo", "--lease", Text(leaseId)), 0);
        Phase("acquire, try (refused), release");

        // A grant that must outlive the kill, then the kill of the silo hosting demo's group leader,
        // once every group has its replicas on distinct silos (else one kill could take a majority).
        var kept = Expect(await client.RunAsync("lock", "acquire", "kept", "--ttl", "2m"), 0).Json();
        var victim = LeaderSiloOf(await StatusOnceReplicatedAsync(client), "demo");
        await _silos!.KillAsync(victim);
        Phase($"killed {victim} (leader of demo's group) with SIGKILL");

        var after = await AcquireAndReleaseWithinDeadlineAsync(client, "demo");
        Phase("acquired and released demo after the kill");
        var stillHeld = await client.RunAsync("lock", "try", "kept");

        Assert.True(after.GetProperty("fencingToken").GetUInt64() > grant.GetProperty("fencingToken").GetUInt64(), after.ToString());
        Assert.True(stillHeld.ExitCode == 3, $"'kept' was granted before the kill and must still be held.\n{stillHeld}");
        Expect(await client.RunAsync("lock", "release", "kept", "--lease", Text(kept.GetProperty("leaseId").GetUInt64())), 0);
    }

    private void Phase(string what) => output.WriteLine($"{_clock.Elapsed.TotalSeconds,6:0.0} s  {DateTime.UtcNow:HH:mm:ss.fff}  {what}");

    /// <summary>Acquire and release through the client, retried until both succeed or the deadline passes (bounded attempts).</summary>
    private async Task<JsonElement> AcquireAndReleaseWithinDeadlineAsync(ClientExecutable client, string name)
    {
        using var deadline = new CancellationTokenSource(FailoverDeadline);
        var attempts = new List<ClientResult>();
        while (!deadline.IsCancellationRequested && attempts.Count < 20)
        {
            var acquired = await client.RunAsync("lock", "acquire", name, "--wait", "5s", "--connect-timeout", "5s");
            attempts.Add(acquired);
            Phase($"attempt {attempts.Count}: acquire exited {acquired.ExitCode}");
            if (acquired.ExitCode == 0)
            {
                var grant = acquired.Json();
                var released = await client.RunAsync("lock", "release", name, "--lease", Text(grant.GetProperty("leaseId").GetUInt64()));
                attempts.Add(released);
                if (released.ExitCode == 0)
                {
                    return grant;
                }
            }

            await Task.Delay(500, CancellationToken.None);
        }

        throw new TimeoutException(
            $"The lock service did not serve '{name}' within {FailoverDeadline.TotalSeconds} s after the kill.\n"
            + string.Join('\n', attempts) + "\n" + _silos!.OutputOfAll());
    }

    /// <summary>
    /// The first <c>status --json</c> in which every group has a leader and its voters on as many
    /// distinct silos as it has voters; fails after <see cref="StartTimeout"/> with the last status.
    /// </summary>
    private async Task<JsonElement> StatusOnceReplicatedAsync(ClientExecutable client)
    {
        using var deadline = new CancellationTokenSource(StartTimeout);
        ClientResult? last = null;
        while (!deadline.IsCancellationRequested)
        {
            last = await client.RunAsync("status");
            if (last.ExitCode == 0 && ClusterStatusJson.IsReplicatedOnDistinctSilos(last.Json()))
            {
                Phase("every group replicated on distinct silos");
                return last.Json();
            }

            await Task.Delay(1_000, CancellationToken.None);
        }

        throw new TimeoutException($"The groups were not replicated on distinct silos within {StartTimeout.TotalSeconds} s.\n{last}\n{_silos!.OutputOfAll()}");
    }

    /// <summary>The name of the silo whose replica leads the Raft group of <paramref name="lockName"/>, from <c>status --json</c>.</summary>
    private static string LeaderSiloOf(JsonElement status, string lockName) =>
        ClusterStatusJson.LeaderSiloOf(status, new LockGroupMap(ClusterStatusJson.GroupCount(status)).GroupOf(lockName));

    private ClientResult Expect(ClientResult result, int exitCode)
    {
        Assert.True(result.ExitCode == exitCode, $"expected exit {exitCode}:\n{result}\n{_silos!.OutputOfAll()}");
        return result;
    }

    private static string Text(ulong value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
