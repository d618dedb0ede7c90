using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using OrleansSync.Silo.Hosting;

namespace OrleansSync.Silo.Tests;

/// <summary>
/// The one-silo-per-process form: two hosts, each started as <c>--clustering redis --silos 1</c>
/// would start it (its own Redis connection, nothing shared in memory but the data directory),
/// find each other through Redis and serve one lock service.
/// </summary>
[Trait("Category", "Redis")]
public sealed class RedisModeTests : IAsyncLifetime
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("orleanssync-silo-redis-data-").FullName;
    private readonly List<SiloProcess> _processes = [];
    private RedisServerProcess? _redis;

    public async Task InitializeAsync() => _redis = await RedisServerProcess.StartAsync();

    [Fact]
    public async Task TwoSiloProcesses_JoinThroughRedis_AndServeOneLockService()
    {
        var clusterId = $"silo-tests-{Guid.NewGuid():N}";
        var first = await StartSiloAsync("a", clusterId);
        var second = await StartSiloAsync("b", clusterId);
        Assert.Empty(await second.WaitForLeadersAsync(ReadyTimeout, CancellationToken.None));

        using var httpA = new HttpClient { BaseAddress = first.Nodes[0].HttpAddress, Timeout = TimeSpan.FromSeconds(20) };
        using var httpB = new HttpClient { BaseAddress = second.Nodes[0].HttpAddress, Timeout = TimeSpan.FromSeconds(20) };
        var status = JsonDocument.Parse(await httpA.GetStringAsync(new Uri("/status", UriKind.Relative))).RootElement;
        var active = status.GetProperty("silos").EnumerateArray().Where(s => s.GetProperty("status").GetString() == "Active").ToList();
        Assert.Equal(2, active.Count);

        using var granted = await httpA.PostAsJsonAsync("/locks/orders%2F1/acquire", new { ttlMs = 10_000 });
        var grant = JsonDocument.Parse(await granted.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        using (var refused = await httpB.PostAsJsonAsync("/locks/orders%2F1/try", new { }))
        {
            await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Locked, "not-granted");
        }

        using var released = await httpB.PostAsJsonAsync("/locks/orders%2F1/release", new { leaseId = grant.GetProperty("leaseId").GetUInt64() });
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
    }

    public async Task DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            await process.StopAsync();
            await process.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        Directory.Delete(_dataDirectory, recursive: true);
    }

    private async Task<SiloProcess> StartSiloAsync(string name, string clusterId)
    {
        var options = new SiloHostOptions
        {
            Clustering = ClusteringMode.Redis,
            Redis = _redis!.Endpoint,
            ClusterId = clusterId,
            Name = name,
            SiloPort = 0,
            GatewayPort = 0,
            HttpPort = 0,
            Groups = 2,
            DataDirectory = _dataDirectory,
            StatusRefreshIntervalMs = 200,
        };
        Assert.True(new SiloHostOptionsValidator().Validate(null, options).Succeeded);
        var process = new SiloProcess(options, new ConfigurationBuilder().Build());
        _processes.Add(process);
        await process.StartAsync(CancellationToken.None);
        return process;
    }
}
