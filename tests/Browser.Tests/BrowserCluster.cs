using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Grains.Locks.Client;
using OrleansSync.Silo.Hosting;
using OrleansSync.Silo.Status;

namespace OrleansSync.Browser.Tests;

/// <summary>
/// A real embedded cluster for the browser tests (as <c>dotnet run --project Silo</c> starts one,
/// on free loopback ports, 2 Raft groups, WALs in a temporary directory), ready when every group
/// has a leader on a settled layout (R replicas on distinct silos).
/// </summary>
internal sealed class BrowserCluster : IAsyncDisposable
{
    public const int Groups = 2;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(45);
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("orleanssync-browser-").FullName;
    private readonly HashSet<int> _stopped = [];
    private SiloProcess? _process;

    private BrowserCluster(SiloHostOptions options)
    {
        Options = options;
        Options.DataDirectory = _dataDirectory;
    }

    public SiloHostOptions Options { get; }

    public SiloProcess Process => _process ?? throw new InvalidOperationException("Not started.");

    public static async Task<BrowserCluster> StartAsync(int silos = 3, int replicas = 3, string? httpToken = null)
    {
        var cluster = new BrowserCluster(new SiloHostOptions
        {
            Silos = silos,
            SiloPort = 0,
            GatewayPort = 0,
            HttpPort = 0,
            Groups = Groups,
            Replicas = replicas,
            HttpToken = httpToken,
            StatusRefreshIntervalMs = 200,
            StatusTimeoutMs = 1_000,
        });
        cluster._process = new SiloProcess(cluster.Options, new ConfigurationBuilder().Build());
        await cluster._process.StartAsync(CancellationToken.None);
        await cluster.WaitForSettledLayoutAsync();
        return cluster;
    }

    /// <summary>Silo <paramref name="index"/>'s page URL (the pages' fragment picks the page).</summary>
    public Uri Page(int index, string page) => new(Process.Nodes[index].HttpAddress, "ui/#" + page);

    public HttpClient Http(int index) => new() { BaseAddress = Process.Nodes[index].HttpAddress, Timeout = TimeSpan.FromSeconds(30) };

    public string NameOf(int index) => Process.Nodes[index].Name;

    public int IndexOf(string siloName) => Process.Nodes.Select((n, i) => (n, i)).Single(x => x.n.Name == siloName).i;

    /// <summary>The silos still running.</summary>
    public IEnumerable<int> Running => Enumerable.Range(0, Process.Nodes.Count).Where(i => !_stopped.Contains(i));

    /// <summary>Stops silo <paramref name="index"/> (it leaves membership; its replicas deactivate; its HTTP port closes).</summary>
    public async Task StopSiloAsync(int index)
    {
        _stopped.Add(index);
        await Process.Nodes[index].StopAsync();
    }

    /// <summary>Group <paramref name="group"/>'s leader silo and term as silo <paramref name="via"/>'s /status reports them (null leader: none).</summary>
    public async Task<(string? LeaderSilo, ulong Term)> LeaderOfAsync(int group, int via)
    {
        using var http = Http(via);
        var status = JsonDocument.Parse(await http.GetStringAsync(new Uri("/status", UriKind.Relative))).RootElement;
        var entry = status.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("group").GetInt32() == group);
        return (entry.TryGetProperty("leaderSilo", out var silo) ? silo.GetString() : null, entry.GetProperty("term").GetUInt64());
    }

    /// <summary>Acquires <paramref name="name"/> through silo <paramref name="via"/>'s HTTP API; the grant as JSON.</summary>
    public async Task<JsonElement> AcquireAsync(string name, int via, int waitMs = 1_000, CancellationToken cancellationToken = default)
    {
        using var http = Http(via);
        using var response = await http.PostAsJsonAsync($"/locks/{Uri.EscapeDataString(name)}/acquire", new { ttlMs = 60_000, waitMs }, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"acquire {name} via silo {via}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Sends <paramref name="json"/> with <paramref name="method"/> to <paramref name="path"/> of silo <paramref name="via"/>, requires a 2xx; the answer as JSON (default when empty).</summary>
    public async Task<JsonElement> SendJsonAsync(HttpMethod method, string path, string json, int via, CancellationToken cancellationToken = default)
    {
        using var http = Http(via);
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} via silo {via}: {(int)response.StatusCode} {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Creates queue <paramref name="name"/> with <paramref name="optionsJson"/> and sends it <paramref name="bodies"/> as one batch, through silo <paramref name="via"/>.</summary>
    public async Task CreateQueueAndSendAsync(string name, string optionsJson, IReadOnlyList<string> bodies, int via)
    {
        await SendJsonAsync(HttpMethod.Put, $"/queues/{name}", optionsJson, via);
        var messages = string.Join(",", bodies.Select(b => JsonSerializer.Serialize(new { body = b })));
        await SendJsonAsync(HttpMethod.Post, $"/queues/{name}/messages", $"{{\"messages\":[{messages}]}}", via);
    }

    /// <summary>
    /// Makes a deadlock and lets the detector break it: two locks of one group (a lease lives in
    /// one group), each held by a lease that then waits for the other's. The detector aborts one
    /// wait (409 deadlock-detected); its lease is then released, so the other wait is granted.
    /// Returns the victim's lock and lease.
    /// </summary>
    public async Task<(string Lock, ulong LeaseId)> BreakDeadlockAsync(string prefix)
    {
        var map = new LockGroupMap(Groups);
        var x = $"{prefix}-x";
        var y = Enumerable.Range(0, 100).Select(i => $"{prefix}-y{i}").First(n => map.GroupOf(n) == map.GroupOf(x));
        var a = (await AcquireAsync(x, via: 0)).GetProperty("leaseId").GetUInt64();
        var b = (await AcquireAsync(y, via: 1)).GetProperty("leaseId").GetUInt64();
        using var httpA = Http(0);
        using var httpB = Http(1);
        var aWaits = httpA.PostAsJsonAsync($"/locks/{Uri.EscapeDataString(y)}/acquire", new { leaseId = a, waitMs = 30_000 });
        var bWaits = httpB.PostAsJsonAsync($"/locks/{Uri.EscapeDataString(x)}/acquire", new { leaseId = b, waitMs = 30_000 });

        var first = await Task.WhenAny(aWaits, bWaits);
        using var refused = await first;
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("deadlock-detected", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var (victimLease, victimLock, victimHeld, victimHttp, survivor) = first == aWaits ? (a, y, x, httpA, bWaits) : (b, x, y, httpB, aWaits);

        // The survivor still waits for the victim's hold: releasing it (and so its lease) ends that wait now.
        using (var release = await victimHttp.PostAsJsonAsync($"/locks/{Uri.EscapeDataString(victimHeld)}/release", new { leaseId = victimLease }))
        {
            Assert.Equal(HttpStatusCode.OK, release.StatusCode);
        }

        using var granted = await survivor;
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        return (victimLock, victimLease);
    }

    /// <summary>Replica <paramref name="replica"/> of <paramref name="group"/> as it reports itself (asked through silo <paramref name="via"/>).</summary>
    public Task<RaftPeerStatus> ReplicaStatusAsync(int group, int replica, int via) =>
        Process.Nodes[via].Services.GetRequiredService<IGrainFactory>().GetGrain<IRaftPeerGrain>($"{group}/{replica}").GetStatus().WaitAsync(TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            foreach (var index in Running.Reverse().ToList())
            {
                await StopSiloAsync(index);
            }

            await _process.DisposeAsync();
        }

        Directory.Delete(_dataDirectory, recursive: true);
    }

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
            + string.Join("; ", groups.Select(g => $"group {g.Group}: leader {g.LeaderReplica}, " + string.Join(",", g.Replicas.Select(r => $"{r.Replica}@{r.Status?.Silo}/{r.Status?.Role}")))));
    }
}
