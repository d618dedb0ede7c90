using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace OrleansSync.Benchmarks;

/// <summary>
/// etcd 3.4's lock service over its HTTP JSON gateway: a lease granted once per worker, then
/// <c>/v3/lock/lock</c> (which waits its turn, like our acquire) and <c>/v3/lock/unlock</c> per
/// pair. Workers are spread over the members' endpoints, as ours are over the silos.
/// </summary>
internal sealed class EtcdLockPeer(IReadOnlyList<Uri> endpoints) : ILockPeer
{
    private const int LeaseTtlSeconds = 60;
    private readonly HttpClient _http = PeerHttp.CreateClient();
    private readonly List<(Uri Endpoint, string Lease)> _leases = [];
    private readonly Lock _gate = new();

    public string Name => "etcd";

    public async Task<Func<string, CancellationToken, Task>> OpenWorkerAsync(int index, CancellationToken cancellationToken)
    {
        var endpoint = endpoints[index % endpoints.Count];
        var lease = await GrantAsync(endpoint, cancellationToken);
        return async (name, ct) =>
        {
            try
            {
                using var locked = await PostAsync(endpoint, "/v3/lock/lock", new { name = Convert.ToBase64String(Encoding.UTF8.GetBytes(name)), lease }, ct);
                var key = locked.RootElement.GetProperty("key").GetString();
                using var unlocked = await PostAsync(endpoint, "/v3/lock/unlock", new { key }, ct);
            }
            catch (HttpRequestException exception) when (exception.Message.Contains("lease not found", StringComparison.Ordinal))
            {
                // Seen right after the cluster formed: take a new lease; the pair counts as an error.
                lease = await GrantAsync(endpoint, ct);
                throw;
            }
        };
    }

    private async Task<string> GrantAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        using var granted = await PostAsync(endpoint, "/v3/lease/grant", new { TTL = LeaseTtlSeconds }, cancellationToken);
        var lease = granted.RootElement.GetProperty("ID").GetString() ?? throw new InvalidOperationException("etcd granted no lease id");
        lock (_gate)
        {
            _leases.Add((endpoint, lease));
        }

        return lease;
    }

    public async Task CloseWorkersAsync()
    {
        List<(Uri Endpoint, string Lease)> leases;
        lock (_gate)
        {
            leases = [.. _leases];
            _leases.Clear();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        foreach (var (endpoint, lease) in leases)
        {
            try
            {
                using var revoked = await PostAsync(endpoint, "/v3/lease/revoke", new { ID = lease }, timeout.Token);
            }
            catch (HttpRequestException)
            {
                // Already gone (expired, or lost as above): nothing to revoke.
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<JsonDocument> PostAsync(Uri endpoint, string path, object body, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(endpoint, path), body, PeerHttp.Json, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"etcd {path}: {(int)response.StatusCode} {text}");
        }

        return JsonDocument.Parse(text);
    }
}
