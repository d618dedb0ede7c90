using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansSync.Silo.Hosting;
using OrleansSync.Silo.Status;

namespace OrleansSync.Silo.Tests;

/// <summary>
/// One embedded cluster for the HTTP tests: three silos in this process over TCP on loopback,
/// every port free (0), 2 Raft groups, WALs in a temporary directory; started once and ready
/// (every silo's /health answers 200) before the first test.
/// </summary>
public sealed class EmbeddedClusterFixture : IAsyncLifetime
{
    public const int SiloCount = 3;
    public const int Groups = 2;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"orleanssync-silo-tests-{Guid.NewGuid():N}");
    private SiloProcess? _process;

    internal SiloHostOptions Options { get; } = new()
    {
        Silos = SiloCount,
        SiloPort = 0,
        GatewayPort = 0,
        HttpPort = 0,
        Groups = Groups,
        StatusRefreshIntervalMs = 200,
        DataDirectory = string.Empty,
    };

    internal SiloProcess Process => _process ?? throw new InvalidOperationException("Not started.");

    /// <summary>An HTTP client of silo <paramref name="index"/>.</summary>
    public HttpClient Http(int index) => new() { BaseAddress = Process.Nodes[index].HttpAddress, Timeout = TimeSpan.FromSeconds(20) };

    public async Task InitializeAsync()
    {
        Options.DataDirectory = _dataDirectory;
        _process = new SiloProcess(Options, new ConfigurationBuilder().Build());
        await _process.StartAsync(CancellationToken.None);
        var leaderless = await _process.WaitForLeadersAsync(ReadyTimeout, CancellationToken.None);
        Assert.True(leaderless.Count == 0, $"Groups without a leader after {ReadyTimeout}: {string.Join(", ", leaderless)}");
        await WaitForSettledLayoutAsync();
        for (var i = 0; i < SiloCount; i++)
        {
            await WaitForHealthyAsync(i);
        }
    }

    /// <summary>
    /// A new cluster may start with co-located replicas and repair them (ADR 0008), listing four
    /// members for a moment; the tests assert the settled layout: R members on distinct silos.
    /// </summary>
    private async Task WaitForSettledLayoutAsync()
    {
        var reader = Process.Nodes[0].Services.GetRequiredService<RaftStatusReader>();
        using var deadline = new CancellationTokenSource(ReadyTimeout);
        IReadOnlyList<RaftGroupSummary> groups = [];
        while (!deadline.IsCancellationRequested)
        {
            groups = await reader.ReadGroupsAsync(deadline.Token);
            if (groups.All(g => g.LeaderReplica is not null
                && g.Replicas.Count == Options.Replicas
                && g.Replicas.Select(r => r.Status?.Silo).Distinct().Count() == Options.Replicas))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }

        Assert.Fail($"The Raft groups did not settle within {ReadyTimeout}: "
            + string.Join("; ", groups.Select(g => $"group {g.Group}: " + string.Join(",", g.Replicas.Select(r => $"{r.Replica}@{r.Status?.Silo}")))));
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.StopAsync();
            await _process.DisposeAsync();
        }

        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    /// <summary>Polls /health (its status comes from a cache refreshed every 200 ms) until 200, within the ready timeout.</summary>
    private async Task WaitForHealthyAsync(int index)
    {
        using var http = Http(index);
        using var deadline = new CancellationTokenSource(ReadyTimeout);
        var last = string.Empty;
        while (true)
        {
            using var response = await http.GetAsync(new Uri("/health", UriKind.Relative), CancellationToken.None);
            last = await response.Content.ReadAsStringAsync(CancellationToken.None);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Silo {index} was not healthy within {ReadyTimeout}; last /health: {last}");
            }
        }
    }
}
