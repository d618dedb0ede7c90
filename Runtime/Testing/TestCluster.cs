using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansSync.Runtime.Client;
using OrleansSync.Runtime.Hosting;
using OrleansSync.Runtime.Liveness;
using OrleansSync.Runtime.Membership;
using OrleansSync.Runtime.Messaging;
using OrleansSync.Runtime.Storage;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Testing;

/// <summary>
/// N silos and one client in this process on an in-process network, with the faults cluster
/// tests need: graceful stop, abrupt kill, restart (new generation), partitions between chosen
/// silos, and a bounded wait for membership to agree with what is actually running. Every silo
/// gets the shared memory grain storage named <see cref="SharedStorageName"/> (and "Default"),
/// so persisted state outlives the silo that wrote it.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    /// <summary>Name of the memory storage shared by all silos.</summary>
    public const string SharedStorageName = "MemoryStore";

    /// <summary>The storage the stream pub-sub grains use.</summary>
    private const string PubSubStorageName = "PubSubStore";

    private readonly TestClusterOptions _options;
    private readonly IReadOnlyList<Action<ISiloBuilder>> _siloConfigurations;
    private readonly IReadOnlyList<Action<IClientBuilder>> _clientConfigurations;
    private readonly List<SiloHandle> _silos = [];
    private readonly MemoryGrainStorage _sharedStorage = new();
    private readonly IMembershipTable _membershipTable;
    private readonly NetworkPartitionFilter _partitions = new();
    private IHost? _clientHost;
    private int _nextSiloNumber;

    internal TestCluster(TestClusterOptions options, IReadOnlyList<Action<ISiloBuilder>> siloConfigurations, IReadOnlyList<Action<IClientBuilder>> clientConfigurations)
    {
        _options = options;
        _siloConfigurations = siloConfigurations;
        _clientConfigurations = clientConfigurations;
        _membershipTable = options.MembershipTable ?? new InMemoryMembershipTable();
    }

    /// <summary>The network and membership table the silos share.</summary>
    public InProcessCluster InProcessCluster { get; } = new();

    /// <summary>Every silo started so far, including stopped and killed ones.</summary>
    public IReadOnlyList<SiloHandle> Silos => _silos;

    public IEnumerable<SiloHandle> RunningSilos => _silos.Where(s => s.IsRunning);

    public IClusterClient Client => _clientHost?.Services.GetRequiredService<IClusterClient>() ?? throw new InvalidOperationException("Call DeployAsync first.");

    public IGrainFactory GrainFactory => Client;

    public async Task DeployAsync()
    {
        for (var i = 0; i < _options.InitialSilosCount; i++)
        {
            await StartAdditionalSiloAsync().ConfigureAwait(false);
        }

        var builder = NewHostBuilder();
        builder.Services.AddOrleansSyncClient(client =>
        {
            client.Configure(o =>
            {
                o.ClientName = "test-client";
                o.ResponseTimeoutMs = _options.ResponseTimeoutMs;
            });
            if (_options.UseTcp)
            {
                client.UseMembershipTable(_membershipTable).ConfigureMessaging(ConfigureMessaging);
            }
            else
            {
                client.UseInProcessClustering(InProcessCluster);
            }

            foreach (var configure in _clientConfigurations)
            {
                configure(client);
            }
        });
        _clientHost = builder.Build();
        await _clientHost.StartAsync().ConfigureAwait(false);
        await WaitForViewsToAgreeAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }

    public async Task<SiloHandle> StartAdditionalSiloAsync()
    {
        var handle = await StartSiloAsync($"silo-{_nextSiloNumber++}", 0).ConfigureAwait(false);
        _silos.Add(handle);
        if (_clientHost is not null)
        {
            await WaitForViewsToAgreeAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }

        return handle;
    }

    /// <summary>Graceful stop: the silo leaves membership and deactivates its grains.</summary>
    public async Task StopSiloAsync(SiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.StoppedByCluster = true;
        await silo.Host.StopAsync().ConfigureAwait(false);
        silo.Host.Dispose();
    }

    /// <summary>Abrupt stop: the silo vanishes from the network; the others must detect it.</summary>
    public async Task KillSiloAsync(SiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.StoppedByCluster = true;
        silo.Silo.Kill();
        await silo.Silo.DisposeAsync().ConfigureAwait(false);
        silo.Host.Dispose();
    }

    /// <summary>Kills the silo (if running) and starts a new incarnation under the same name (a new generation).</summary>
    public async Task<SiloHandle> RestartSiloAsync(SiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (!silo.StoppedByCluster)
        {
            await KillSiloAsync(silo).ConfigureAwait(false);
        }

        var port = _options.UseTcp ? int.Parse(silo.Address.Endpoint.Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture) : 0;
        var restarted = await StartSiloAsync(silo.Name, port).ConfigureAwait(false);
        _silos[_silos.IndexOf(silo)] = restarted;
        return restarted;
    }

    /// <summary>Cuts the network between every silo of one side and every silo of the other.</summary>
    public void Partition(IEnumerable<SiloHandle> sideA, IEnumerable<SiloHandle> sideB)
    {
        ArgumentNullException.ThrowIfNull(sideA);
        ArgumentNullException.ThrowIfNull(sideB);
        var a = sideA.ToList();
        var b = sideB.ToList();
        if (_options.UseTcp)
        {
            _partitions.Partition([.. a.Select(s => s.Address.Endpoint)], [.. b.Select(s => s.Address.Endpoint)]);
            return;
        }

        foreach (var first in a)
        {
            foreach (var second in b)
            {
                InProcessCluster.Network.Partition(first.Name, second.Name);
            }
        }
    }

    /// <summary>Removes every injected partition.</summary>
    public void HealAllPartitions()
    {
        InProcessCluster.Network.HealAll();
        _partitions.HealAll();
    }

    /// <summary>Waits until the membership view lists exactly the running silos.</summary>
    public async Task WaitForLivenessToStabilizeAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        if (_options.UseTcp)
        {
            await WaitForTableAsync(
                active => RunningSilos.Select(s => s.Address).ToHashSet().SetEquals(active),
                limit,
                () => $"expected active [{string.Join(", ", RunningSilos.Select(s => s.Address))}]").ConfigureAwait(false);
            await WaitForViewsToAgreeAsync(limit).ConfigureAwait(false);
            return;
        }

        using var cancellation = new CancellationTokenSource(limit);
        var membership = InProcessCluster.Membership;
        while (true)
        {
            var view = membership.Current;
            var expected = RunningSilos.Select(s => s.Address).ToHashSet();
            if (expected.SetEquals(view.ActiveSilos))
            {
                return;
            }

            try
            {
                // Wake on a new view, or when a silo stops by itself (declared dead).
                var stopped = Task.WhenAny(RunningSilos.Select(s => s.Silo.Stopped).Append(Task.Delay(Timeout.Infinite, cancellation.Token)));
                var changed = membership.WaitForNewerViewAsync(view.Version, cancellation.Token);
                await (await Task.WhenAny(changed, stopped).ConfigureAwait(false)).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(
                    $"Membership did not stabilize within {limit.TotalMilliseconds:0} ms: expected active [{string.Join(", ", expected)}], view {view.Version} has [{string.Join(", ", view.ActiveSilos)}].");
            }
        }
    }

    /// <summary>Waits until the membership view satisfies <paramref name="condition"/>.</summary>
    public async Task<MembershipView> WaitForViewAsync(Func<MembershipView, bool> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (_options.UseTcp)
        {
            var active = await WaitForTableAsync(a => condition(new MembershipView(0, a)), timeout, () => "condition").ConfigureAwait(false);
            return new MembershipView(0, active);
        }

        using var cancellation = new CancellationTokenSource(timeout);
        var membership = InProcessCluster.Membership;
        while (true)
        {
            var view = membership.Current;
            if (condition(view))
            {
                return view;
            }

            try
            {
                await membership.WaitForNewerViewAsync(view.Version, cancellation.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The membership view did not reach the expected state within {timeout.TotalMilliseconds:0} ms; last view {view.Version}: [{string.Join(", ", view.ActiveSilos)}].");
            }
        }
    }

    /// <summary>
    /// Waits until every running silo routes with a view listing exactly the running silos, so
    /// placement agrees everywhere (over TCP each silo learns membership on its own schedule).
    /// </summary>
    public async Task WaitForViewsToAgreeAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        while (true)
        {
            var running = RunningSilos.ToList();
            var expected = running.Select(s => s.Address).ToHashSet();
            var disagreeing = running.Where(s => !expected.SetEquals(s.View.ActiveSilos)).ToList();
            if (disagreeing.Count == 0)
            {
                return;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(10, _options.ProbeIntervalMs / 5)), cancellation.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(
                    $"Silo views did not agree within {timeout.TotalMilliseconds:0} ms: expected [{string.Join(", ", expected)}]; " +
                    string.Join("; ", disagreeing.Select(s => $"{s.Name} sees [{string.Join(", ", s.View.ActiveSilos)}]")));
            }
        }
    }

    /// <summary>The active silos according to the membership (table in TCP mode, in-process table otherwise).</summary>
    public async Task<IReadOnlyList<SiloAddress>> GetActiveSilosAsync()
    {
        if (!_options.UseTcp)
        {
            return InProcessCluster.Membership.Current.ActiveSilos;
        }

        var snapshot = await _membershipTable.ReadAllAsync(CancellationToken.None).ConfigureAwait(false);
        return [.. snapshot.ActiveEntries().Select(e => e.Silo)];
    }

    public async ValueTask DisposeAsync()
    {
        if (_clientHost is not null)
        {
            await _clientHost.StopAsync().ConfigureAwait(false);
            _clientHost.Dispose();
        }

        foreach (var silo in _silos.Where(s => !s.StoppedByCluster).ToList())
        {
            if (silo.Silo.HasStopped)
            {
                await KillSiloAsync(silo).ConfigureAwait(false);
            }
            else
            {
                await StopSiloAsync(silo).ConfigureAwait(false);
            }
        }
    }

    private void ConfigureMembership(MembershipOptions options)
    {
        options.ProbeIntervalMs = _options.ProbeIntervalMs;
        options.ProbeTimeoutMs = _options.ProbeTimeoutMs;
        options.IAmAliveIntervalMs = _options.ProbeIntervalMs * 5;
        options.PhiMinStdDeviationMs = Math.Max(1, _options.ProbeIntervalMs / 4);
        options.PhiAcceptableHeartbeatPauseMs = _options.ProbeIntervalMs;
    }

    private static void ConfigureMessaging(MessagingOptions options)
    {
        options.SharedSecret = "test-cluster-shared-secret-0123456789";
        options.ConnectTimeoutMs = 1_000;
        options.ConnectAttempts = 1;
    }

    /// <summary>Polls the shared table (TCP mode has no change signal across the table); bounded by <paramref name="timeout"/>.</summary>
    private async Task<IReadOnlyList<SiloAddress>> WaitForTableAsync(Func<IReadOnlyList<SiloAddress>, bool> condition, TimeSpan timeout, Func<string> describe)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        IReadOnlyList<SiloAddress> active = [];
        while (!cancellation.IsCancellationRequested)
        {
            active = await GetActiveSilosAsync().ConfigureAwait(false);
            if (condition(active))
            {
                return active;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(_options.ProbeIntervalMs), cancellation.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        throw new TimeoutException($"Membership did not stabilize within {timeout.TotalMilliseconds:0} ms: {describe()}, table has [{string.Join(", ", active)}].");
    }

    private static HostApplicationBuilder NewHostBuilder() => new(new HostApplicationBuilderSettings { DisableDefaults = true });

    private async Task<SiloHandle> StartSiloAsync(string name, int port)
    {
        var builder = NewHostBuilder();
        builder.Services.AddOrleansSyncSilo(silo =>
        {
            if (_options.UseTcp)
            {
                silo.UseMembershipTable(_membershipTable)
                    .UseConnectionFilter(_partitions)
                    .UseTcpClustering(o => o.Port = port)
                    .ConfigureMessaging(ConfigureMessaging)
                    .ConfigureMembership(ConfigureMembership);
            }
            else
            {
                silo.UseInProcessClustering(InProcessCluster);
            }

            silo.Configure(o =>
                {
                    o.SiloName = name;
                    o.ResponseTimeoutMs = _options.ResponseTimeoutMs;
                })
                .ConfigureLiveness(o =>
                {
                    o.ProbeIntervalMs = _options.ProbeIntervalMs;
                    o.ProbeTimeoutMs = _options.ProbeTimeoutMs;
                    o.MissedProbesLimit = _options.MissedProbesLimit;
                })
                .AddMemoryGrainStorage(SharedStorageName, _sharedStorage)
                .AddMemoryGrainStorage(PersistentStateAttribute.DefaultStorageName, _sharedStorage)
                .AddMemoryGrainStorage(PubSubStorageName, _sharedStorage);
            foreach (var configure in _siloConfigurations)
            {
                configure(silo);
            }
        });
        var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        return new SiloHandle(name, host);
    }
}
