using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OrleansSync.Grains.Locks;
using OrleansSync.Grains.Locks.Client;
using OrleansSync.Grains.Locks.Detection;
using OrleansSync.Grains.Raft.Hosting;
using OrleansSync.Runtime;
using OrleansSync.Runtime.Hosting;
using OrleansSync.Runtime.Membership;
using OrleansSync.Runtime.Redis;
using OrleansSync.Silo.Api;
using OrleansSync.Silo.Health;
using OrleansSync.Silo.Metrics;
using OrleansSync.Silo.Status;

namespace OrleansSync.Silo.Hosting;

/// <summary>
/// One silo and its HTTP API in one web host: the silo (TCP transport, gateway port, membership
/// in the shared in-memory table or in Redis, Raft peers of the lock groups) and the endpoints
/// that serve through it.
/// </summary>
internal sealed class SiloNode : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SiloHostOptions _options;

    private SiloNode(WebApplication app, SiloHostOptions options, string name)
    {
        _app = app;
        _options = options;
        Name = name;
    }

    public string Name { get; }

    /// <summary>The silo's services (its grain factory, lock client, status cache).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Builds silo <paramref name="index"/> of this process. <paramref name="sharedTable"/> is the
    /// process's in-memory membership table (embedded clustering) or null (Redis clustering).
    /// </summary>
    public static SiloNode Create(SiloHostOptions options, int index, IConfiguration configuration, IMembershipTable? sharedTable)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        var name = options.SiloNameOf(index);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Configuration.Sources.Clear();

        // A copy of the process's configuration (logging levels): a chained source would pass the
        // web host's own settings (its URLs) on to the shared configuration.
        builder.Configuration.AddInMemoryCollection(configuration.AsEnumerable());
        builder.WebHost.UseUrls($"http://{FormatHost(options.ListenAddress)}:{SiloHostOptions.PortOf(options.HttpPort, index)}");
        builder.Services.AddSingleton<IHostLifetime, ProcessLifetime>();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromMilliseconds(options.ShutdownTimeoutMs));
        builder.Services.AddSingleton(options);
        builder.Services.AddOrleansSyncSilo(silo => ConfigureSilo(silo, options, index, name, sharedTable));
        AddSiloServices(builder.Services, options, name);
        var app = builder.Build();

        // Created now, so that it sees the runtime's instruments from the silo's first call on.
        app.Services.GetRequiredService<RuntimeMetricsCollector>();
        SiloHttpApi.Map(app);
        return new SiloNode(app, options, name);
    }

    public Task StartAsync(CancellationToken cancellationToken) => _app.StartAsync(cancellationToken);

    /// <summary>Graceful stop: the silo leaves membership, its grains deactivate, the HTTP server drains.</summary>
    public async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(_options.ShutdownTimeoutMs));
        await _app.StopAsync(timeout.Token);
    }

    /// <summary>Where this silo is reachable; reads its gateway from the membership table.</summary>
    public async Task<SiloEndpoints> GetEndpointsAsync(CancellationToken cancellationToken)
    {
        var details = _app.Services.GetRequiredService<ILocalSiloDetails>();
        var address = details.Address ?? throw new InvalidOperationException($"Silo {Name} has not started.");
        var table = await _app.Services.GetRequiredService<IMembershipTable>().ReadAllAsync(cancellationToken);
        var gateway = table.Find(address)?.Entry.GatewayEndpoint ?? address.Endpoint;
        var http = _options.AdvertisedHost is { } host ? new UriBuilder(HttpAddress) { Host = host }.Uri : HttpAddress;
        return new SiloEndpoints(Name, address.ToString(), gateway, http, Path.GetFullPath(_options.DataDirectory));
    }

    /// <summary>The HTTP base address Kestrel bound (the real port when configured with 0).</summary>
    public Uri HttpAddress
    {
        get
        {
            var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            return new Uri(addresses?.FirstOrDefault() ?? throw new InvalidOperationException($"Silo {Name} has no HTTP address yet."));
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static string FormatHost(string address) => address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address;

    private static void ConfigureSilo(ISiloBuilder silo, SiloHostOptions options, int index, string name, IMembershipTable? sharedTable)
    {
        if (sharedTable is not null)
        {
            silo.UseMembershipTable(sharedTable);
        }
        else
        {
            silo.UseRedisClustering(redis =>
            {
                redis.Redis.Endpoint = options.Redis;
                redis.Redis.Password = options.RedisPassword;
                redis.Redis.ClientName = name;
                redis.ClusterId = options.ClusterId;
            });
        }

        var siloPort = SiloHostOptions.PortOf(options.SiloPort, index);
        var gatewayPort = SiloHostOptions.PortOf(options.GatewayPort, index);
        silo.UseTcpClustering(tcp =>
            {
                tcp.ListenAddress = options.ListenAddress;
                tcp.Port = siloPort;
                tcp.GatewayPort = gatewayPort;
                tcp.AdvertisedEndpoint = options.AdvertisedHost is { } host ? $"{host}:{siloPort}" : null;
                tcp.AdvertisedGatewayEndpoint = options.AdvertisedHost is { } gatewayHost ? $"{gatewayHost}:{gatewayPort}" : null;
            })
            .ConfigureMessaging(messaging =>
            {
                messaging.ClusterId = options.ClusterId;
                messaging.SharedSecret = options.SharedSecret;
            })
            .Configure(runtime =>
            {
                runtime.SiloName = name;
                runtime.ClusterId = options.ClusterId;
            })
            .AddRaftPeers(
                raft =>
                {
                    raft.GroupCount = options.Groups;
                    raft.ReplicaCount = options.Replicas;
                    raft.DataDirectory = Path.Combine(Path.GetFullPath(options.DataDirectory), "raft");
                },
                new LockStateMachineFactory(new LockTableOptions()))
            .AddLockDeadlockDetection();
    }

    private static void AddSiloServices(IServiceCollection services, SiloHostOptions options, string name)
    {
        services.AddSingleton(sp => new DistributedLockClient(
            sp.GetRequiredService<IGrainFactory>(),
            new DistributedLockClientOptions { GroupCount = options.Groups, ReplicaCount = options.Replicas, Owner = $"http-{name}" },
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<RaftStatusReader>();
        services.AddSingleton<RaftStatusCache>();
        services.AddHostedService(sp => sp.GetRequiredService<RaftStatusCache>());
        services.AddHealthChecks().AddCheck<SiloReadinessHealthCheck>("silo", tags: ["ready"]);
        services.AddSingleton<RuntimeMetricsCollector>();
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context => Problems.Complete(context.ProblemDetails));
        services.ConfigureHttpJsonOptions(json => SiloJson.Configure(json.SerializerOptions));
        services.AddOpenApi();
    }
}
