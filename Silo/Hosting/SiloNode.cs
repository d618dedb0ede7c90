using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Runtime.MembershipService.SiloMetadata;
using OrleansSync.Grains.Cache.Hosting;
using OrleansSync.Grains.Hosting;
using OrleansSync.Grains.Locks.Client;
using OrleansSync.Grains.Locks.Detection;
using OrleansSync.Grains.Queues.Client;
using OrleansSync.Grains.Raft.Hosting;
using OrleansSync.Grains.Raft.Hosting.Births;
using OrleansSync.Grains.Security;
using OrleansSync.Grains.Service;
using OrleansSync.Silo.Api;
using OrleansSync.Silo.Metrics;
using OrleansSync.Silo.Status;
using OrleansSync.Silo.Ui;
using StackExchange.Redis;

namespace OrleansSync.Silo.Hosting;

/// <summary>
/// One silo and its HTTP API in one web host (<c>builder.UseOrleans</c>): the silo (its silo and
/// gateway ports, membership in the process's shared table or in Redis, the Raft peers of the lock
/// groups, the shared-secret handshake) and the endpoints that serve through it.
/// </summary>
internal sealed class SiloNode : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SiloHostOptions _options;
    private readonly int _gatewayPort;

    private SiloNode(WebApplication app, SiloHostOptions options, string name, int gatewayPort)
    {
        _app = app;
        _options = options;
        _gatewayPort = gatewayPort;
        Name = name;
    }

    public string Name { get; }

    /// <summary>The silo's services (its grain factory, lock client, status cache).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Builds silo <paramref name="index"/> of this process. <paramref name="sharedTable"/> is the
    /// process's membership table (embedded clustering) or null (Redis clustering).
    /// </summary>
    public static SiloNode Create(SiloHostOptions options, int index, IConfiguration configuration, SharedMembershipTable? sharedTable)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        var name = options.SiloNameOf(index);
        var siloPort = PortOrFree(SiloHostOptions.PortOf(options.SiloPort, index), options.ListenAddress);
        var gatewayPort = PortOrFree(SiloHostOptions.PortOf(options.GatewayPort, index), options.ListenAddress);

        // Chosen before the start, like the silo ports: the address goes into the silo's metadata,
        // from which the other silos (and so the pages' failover) learn it.
        var httpPort = PortOrFree(SiloHostOptions.PortOf(options.HttpPort, index), options.ListenAddress);
        var httpAddress = new SiloHttpAddress(new Uri($"http://{FormatHost(AdvertisedAddress(options).ToString())}:{httpPort}/"));
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Configuration.Sources.Clear();

        // A copy of the process's configuration (logging levels): a chained source would pass the
        // web host's own settings (its URLs) on to the shared configuration.
        builder.Configuration.AddInMemoryCollection(configuration.AsEnumerable());
        // UTC timestamps, so that the logs of several silos (and of a test that kills them) line up.
        builder.Logging.AddSimpleConsole(console =>
        {
            console.TimestampFormat = "HH:mm:ss.fff ";
            console.UseUtcTimestamp = true;
        });
        builder.WebHost.UseUrls($"http://{FormatHost(options.ListenAddress)}:{httpPort}");
        builder.Services.AddSingleton<IHostLifetime, ProcessLifetime>();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromMilliseconds(options.ShutdownTimeoutMs));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(httpAddress);
        builder.UseOrleans(silo =>
        {
            ConfigureSilo(silo, options, index, name, siloPort, gatewayPort, sharedTable);
            silo.UseSiloMetadata(new Dictionary<string, string> { [SiloHttpDirectory.MetadataKey] = httpAddress.Http.ToString() });
        });
        AddSiloServices(builder.Services, options, name);
        var app = builder.Build();
        SiloHttpApi.Map(app);
        return new SiloNode(app, options, name, gatewayPort);
    }

    public Task StartAsync(CancellationToken cancellationToken) => _app.StartAsync(cancellationToken);

    /// <summary>Graceful stop: the silo leaves membership, its grains deactivate, the HTTP server drains.</summary>
    public async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(_options.ShutdownTimeoutMs));
        await _app.StopAsync(timeout.Token);
    }

    /// <summary>Where this silo is reachable.</summary>
    public Task<SiloEndpoints> GetEndpointsAsync(CancellationToken cancellationToken)
    {
        var address = _app.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        var gateway = new IPEndPoint(address.Endpoint.Address, _gatewayPort).ToString();
        var http = _options.AdvertisedHost is { } host ? new UriBuilder(HttpAddress) { Host = host }.Uri : HttpAddress;
        var raft = _app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RaftPeerOptions>>().Value.DataDirectory;
        return Task.FromResult(new SiloEndpoints(Name, $"{address.Endpoint}@{address.Generation}", gateway, http, Path.GetFullPath(raft)));
    }

    /// <summary>The HTTP base address Kestrel bound (the real port when configured with 0).</summary>
    public Uri HttpAddress
    {
        get
        {
            var addresses = _app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            return new Uri(addresses?.FirstOrDefault() ?? throw new InvalidOperationException($"Silo {Name} has no HTTP address yet."));
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>The address others dial: the advertised host, else the listen address (loopback for "every interface").</summary>
    private static IPAddress AdvertisedAddress(SiloHostOptions options)
    {
        var listen = IPAddress.Parse(options.ListenAddress);
        return options.AdvertisedHost is { } host ? IPAddress.Parse(host) : listen.Equals(IPAddress.Any) ? IPAddress.Loopback : listen;
    }

    private static string FormatHost(string address) => address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address;

    /// <summary>Orleans advertises its ports in membership, so "any free port" (0) is chosen here, before the silo starts.</summary>
    private static int PortOrFree(int port, string listenAddress)
    {
        if (port != 0)
        {
            return port;
        }

        using var probe = new TcpListener(IPAddress.Parse(listenAddress), 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static void ConfigureSilo(
        ISiloBuilder silo, SiloHostOptions options, int index, string name, int siloPort, int gatewayPort, SharedMembershipTable? sharedTable)
    {
        var listen = IPAddress.Parse(options.ListenAddress);
        var advertised = AdvertisedAddress(options);
        silo.Configure<EndpointOptions>(endpoints =>
        {
            endpoints.AdvertisedIPAddress = advertised;
            endpoints.SiloPort = siloPort;
            endpoints.GatewayPort = gatewayPort;
            endpoints.SiloListeningEndpoint = new IPEndPoint(listen, siloPort);
            endpoints.GatewayListeningEndpoint = new IPEndPoint(listen, gatewayPort);
        });
        silo.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.ClusterId;
            cluster.ServiceId = options.ClusterId;
        });
        silo.Configure<SiloOptions>(siloOptions => siloOptions.SiloName = name);
        silo.UseFastFailureDetection();
        silo.UseSharedSecret(new SharedSecretOptions { Secret = options.SharedSecret });
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        if (sharedTable is not null)
        {
            silo.Services.AddSingleton<IMembershipTable>(sharedTable);
            silo.Services.AddSingleton<IReplicaBirthRegistry>(new FileReplicaBirthRegistry(Path.Combine(dataDirectory, "births")));
        }
        else
        {
            var redis = RedisConfiguration(options, name);
            silo.UseRedisClustering(clustering => clustering.ConfigurationOptions = redis);
            silo.AddRedisGrainStorage(GrainStorageReplicaBirthRegistry.StorageName, storage => storage.ConfigurationOptions = redis);
            silo.Services.AddSingleton<IReplicaBirthRegistry>(services =>
                new GrainStorageReplicaBirthRegistry(services.GetRequiredKeyedService<Orleans.Storage.IGrainStorage>(GrainStorageReplicaBirthRegistry.StorageName)));
        }

        silo.AddDashboard();
        silo.AddRaftPeers(
                raft =>
                {
                    raft.GroupCount = options.Groups;
                    raft.ReplicaCount = options.Replicas;

                    // Each silo keeps its own WALs: nothing on disk is shared between silos (ADR 0011).
                    raft.DataDirectory = Path.Combine(dataDirectory, name, "raft");
                },
                new ServiceStateMachineFactory())
            .AddLockDeadlockDetection()
            .AddCoherentCache(cache =>
            {
                cache.InvalidationQueueCount = options.CacheStreamQueues;
                cache.InvalidationPollMs = options.CacheStreamPollMs;
            });
    }

    private static ConfigurationOptions RedisConfiguration(SiloHostOptions options, string name)
    {
        var redis = ConfigurationOptions.Parse(options.Redis);
        redis.Password = options.RedisPassword ?? redis.Password;
        redis.ClientName = name;
        redis.AbortOnConnectFail = false;
        return redis;
    }

    private static void AddSiloServices(IServiceCollection services, SiloHostOptions options, string name)
    {
        services.AddSingleton(sp => new DistributedLockClient(
            sp.GetRequiredService<IGrainFactory>(),
            new DistributedLockClientOptions { GroupCount = options.Groups, ReplicaCount = options.Replicas, Owner = $"http-{name}" },
            sp.GetRequiredService<TimeProvider>()));
        services.AddSiloStatus();
        services.AddSingleton<SiloHttpDirectory>();
        services.AddSingleton<UiHistory>();
        services.AddHostedService(sp => sp.GetRequiredService<UiHistory>());
        services.AddSingleton(sp => new DistributedQueueClient(
            sp.GetRequiredService<IGrainFactory>(),
            new DistributedQueueClientOptions { GroupCount = options.Groups, ReplicaCount = options.Replicas },
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<QueueListReader>();
        services.AddSingleton<SiloMetrics>();
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context => Problems.Complete(context.ProblemDetails));
        services.ConfigureHttpJsonOptions(json => SiloJson.Configure(json.SerializerOptions));
        services.AddOpenApi();
    }
}
