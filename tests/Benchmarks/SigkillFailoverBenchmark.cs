using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OrleansSync.Grains.Locks.Client;
using OrleansSync.Grains.Security;

namespace OrleansSync.Benchmarks;

/// <summary>
/// Leader failover with a real SIGKILL (issue 12): silo processes of the Redis form (the built
/// silo dll, <c>--clustering redis</c>, a data directory each), one Orleans client acquiring and
/// releasing a lock of one group back to back through their gateways. Each round waits until every
/// silo's <c>/health</c> is 200 and the group has 3 voters on distinct live silos, finds the silo
/// of the group's leader in <c>/status</c>, SIGKILLs that process, measures the gap between the
/// last grant before the kill and the first after it, then restarts the killed silo on its ports
/// and its data directory. Prints each gap, then median, p90 and max. It does not start Redis:
/// <c>tests/Benchmarks/scripts/failover-sigkill.sh</c> does, and passes <c>--redis</c>.
/// </summary>
internal sealed class SigkillFailoverBenchmark : IBenchmark
{
    private const int Group = 0;
    private const int ReplicaCount = 3;
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan GrantTimeout = TimeSpan.FromSeconds(60);

    public string Name => "failover-sigkill";

    public string Description => "gap in grants on a group when its leader's silo process is SIGKILLed (Redis form), over N kills; see scripts/failover-sigkill.sh";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (!TryParse(args, out var options))
        {
            Console.Error.WriteLine("usage: failover-sigkill --redis HOST:PORT --silo-dll PATH [--kills N] [--silos N] [--groups N] [--base-port P] [--work DIR]");
            return 2;
        }

        Console.WriteLine($"failover-sigkill: {options.Silos} silo processes, {options.Groups} groups, {options.Kills} kills of group {Group}'s leader silo; redis {options.Redis}");
        Directory.CreateDirectory(options.Work);
        await using var silos = new SiloProcessSet(options.SiloDll, options.Redis, options.Work, options.Silos, options.Groups, options.BasePort);
        for (var i = 0; i < silos.Count; i++)
        {
            silos.Start(i);
        }

        await WaitUntilReadyAsync(silos, -1, cancellationToken);
        using var host = await ConnectAsync(silos, cancellationToken);
        var map = new LockGroupMap(options.Groups);
        var name = Enumerable.Range(0, 1000).Select(i => $"failover/{i}").First(n => map.GroupOf(n) == Group);
        await using var client = new DistributedLockClient(
            host.Services.GetRequiredService<IClusterClient>(),
            new DistributedLockClientOptions { GroupCount = options.Groups, ReplicaCount = ReplicaCount, Owner = "failover-sigkill-bench" });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var grants = new GrantClock();
        var worker = Task.Run(() => FailoverBenchmark.GrantLoopAsync(client, name, grants, stop.Token), CancellationToken.None);
        var gaps = new List<double>();
        var restarted = -1;
        try
        {
            for (var round = 0; round < options.Kills; round++)
            {
                var group = await WaitUntilReadyAsync(silos, restarted, cancellationToken);
                await grants.FirstAfterAsync(Stopwatch.GetTimestamp(), GrantTimeout, cancellationToken);
                var victim = silos.IndexOf(group.LeaderSilo!);
                var grantsBefore = grants.Count;
                await silos.KillAsync(victim);
                var killedAt = Stopwatch.GetTimestamp();
                var lastBefore = grants.Last;
                var first = await grants.FirstAfterAsync(killedAt, GrantTimeout, cancellationToken);
                var gapMs = Stopwatch.GetElapsedTime(lastBefore, first).TotalMilliseconds;
                gaps.Add(gapMs);
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"kill {round + 1,2}: leader replica {group.LeaderReplica} on {group.LeaderSilo} (term {group.Term}), {grantsBefore} grants so far; gap {gapMs:F0} ms (last grant {Stopwatch.GetElapsedTime(lastBefore, killedAt).TotalMilliseconds:F0} ms before the kill, first {Stopwatch.GetElapsedTime(killedAt, first).TotalMilliseconds:F0} ms after)"));
                silos.Start(victim);
                restarted = victim;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await worker;
        }

        gaps.Sort();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"kills {gaps.Count}: median gap {Percentile(gaps, 0.5):F0} ms, p90 {Percentile(gaps, 0.9):F0} ms, max {gaps[^1]:F0} ms, min {gaps[0]:F0} ms"));
        return 0;
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(List<double> sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>
    /// Waits until every silo answers <c>/health</c> 200 and the group, as a silo other than the
    /// one just restarted reports it, has a leader and 3 voters on distinct live silos.
    /// </summary>
    private static async Task<SiloProcessSet.StatusGroup> WaitUntilReadyAsync(SiloProcessSet silos, int restarted, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var live = Enumerable.Range(0, silos.Count).Select(SiloProcessSet.NameOf).ToHashSet();
        var reader = restarted == 0 ? 1 : 0;
        while (Stopwatch.GetElapsedTime(started) < RecoveryTimeout)
        {
            if (await silos.AllHealthyAsync(cancellationToken)
                && await silos.GroupAsync(reader, Group, cancellationToken) is { } group && group.IsReplicatedOn(live, ReplicaCount))
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ready after {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s: group {Group} voters [{string.Join(", ", group.Voters)}], leader {group.LeaderReplica} on {group.LeaderSilo}"));
                return group;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }

        throw new TimeoutException($"The silos were not healthy with group {Group} on {ReplicaCount} distinct live silos within {RecoveryTimeout.TotalSeconds} s (logs in the work directory).");
    }

    private static async Task<IHost> ConnectAsync(SiloProcessSet silos, CancellationToken cancellationToken)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering([.. Enumerable.Range(0, silos.Count).Select(silos.Gateway)]);
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = "orleanssync";
                options.ServiceId = "orleanssync";
            });
            client.UseSharedSecret(new SharedSecretOptions { Secret = "orleanssync-development-secret" });
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return host;
    }

    private static bool TryParse(string[] args, out SigkillFailoverOptions options)
    {
        options = new SigkillFailoverOptions();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            var number = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
            options = args[i] switch
            {
                "--redis" => options with { Redis = value },
                "--silo-dll" => options with { SiloDll = value },
                "--work" => options with { Work = value },
                "--kills" when number >= 1 => options with { Kills = number },
                "--silos" when number is >= 3 and <= 5 => options with { Silos = number },
                "--groups" when number is >= 1 and <= 64 => options with { Groups = number },
                "--base-port" when number is >= 1024 and <= 65000 => options with { BasePort = number },
                _ => options with { Kills = 0 },
            };
        }

        return args.Length % 2 == 0 && options.Kills >= 1 && options.Redis.Length > 0 && File.Exists(options.SiloDll);
    }
}
