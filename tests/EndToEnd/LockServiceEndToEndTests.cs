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
    private static readonly TimeSpan FailoverDeadline = TimeSpan.FromSeconds(30);
    private RedisFormCluster? _cluster;

    private RedisFormCluster Cluster => _cluster!;

    public async Task InitializeAsync() => _cluster = await RedisFormCluster.StartAsync(output, "orleanssync-e2e-");

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task LockCommands_AgainstSiloProcesses_SurviveASigkillOfTheLeadersSilo()
    {
        var client = Cluster.Client;

        // Lock semantics from the command line.
        var grant = Cluster.Expect(await client.RunAsync("lock", "acquire", "demo", "--ttl", "60s"), 0).Json();
        var leaseId = grant.GetProperty("leaseId").GetUInt64();
        var busy = await client.RunAsync("lock", "try", "demo");
        Assert.True(busy.ExitCode == 3, busy.ToString());
        Assert.Equal("not_granted", busy.Json().GetProperty("error").GetProperty("code").GetString());
        Cluster.Expect(await client.RunAsync("lock", "release", "demo", "--lease", Text(leaseId)), 0);
        Cluster.Phase("acquire, try (refused), release");

        // A grant that must outlive the kill, then the kill of the silo hosting demo's group leader,
        // once every group has its replicas on distinct silos (else one kill could take a majority).
        var kept = Cluster.Expect(await client.RunAsync("lock", "acquire", "kept", "--ttl", "2m"), 0).Json();
        var victim = LeaderSiloOf(await Cluster.StatusOnceReplicatedAsync(), "demo");
        await Cluster.Silos.KillAsync(victim);
        Cluster.Phase($"killed {victim} (leader of demo's group) with SIGKILL");

        var after = await AcquireAndReleaseWithinDeadlineAsync(client, "demo");
        Cluster.Phase("acquired and released demo after the kill");
        var stillHeld = await client.RunAsync("lock", "try", "kept");

        Assert.True(after.GetProperty("fencingToken").GetUInt64() > grant.GetProperty("fencingToken").GetUInt64(), after.ToString());
        Assert.True(stillHeld.ExitCode == 3, $"'kept' was granted before the kill and must still be held.\n{stillHeld}");
        Cluster.Expect(await client.RunAsync("lock", "release", "kept", "--lease", Text(kept.GetProperty("leaseId").GetUInt64())), 0);
    }

    /// <summary>Acquire and release through the client, retried until both succeed or the deadline passes (bounded attempts).</summary>
    private async Task<JsonElement> AcquireAndReleaseWithinDeadlineAsync(ClientExecutable client, string name)
    {
        using var deadline = new CancellationTokenSource(FailoverDeadline);
        var attempts = new List<ClientResult>();
        while (!deadline.IsCancellationRequested && attempts.Count < 20)
        {
            var acquired = await client.RunAsync("lock", "acquire", name, "--wait", "5s", "--connect-timeout", "5s");
            attempts.Add(acquired);
            Cluster.Phase($"attempt {attempts.Count}: acquire exited {acquired.ExitCode}");
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
            + string.Join('\n', attempts) + "\n" + Cluster.Silos.OutputOfAll());
    }

    /// <summary>The name of the silo whose replica leads the Raft group of <paramref name="lockName"/>, from <c>status --json</c>.</summary>
    private static string LeaderSiloOf(JsonElement status, string lockName) =>
        ClusterStatusJson.LeaderSiloOf(status, new LockGroupMap(ClusterStatusJson.GroupCount(status)).GroupOf(lockName));

    private static string Text(ulong value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
