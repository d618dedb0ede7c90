using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansSync.Benchmarks;

/// <summary>
/// Our HTTP API: <c>POST /locks/{name}/acquire</c> (a lease of its own per grant, the silo's
/// documented behaviour) and <c>POST /locks/{name}/release</c> with that lease. Workers are
/// spread over the silos' HTTP endpoints.
/// </summary>
internal sealed class HttpLockPeer(IReadOnlyList<Uri> endpoints) : ILockPeer
{
    private readonly HttpClient _http = PeerHttp.CreateClient();

    public string Name => "ours-http";

    public Task<Func<string, CancellationToken, Task>> OpenWorkerAsync(int index, CancellationToken cancellationToken)
    {
        var endpoint = endpoints[index % endpoints.Count];
        Func<string, CancellationToken, Task> pair = async (name, ct) =>
        {
            var path = "/locks/" + Uri.EscapeDataString(name);
            using var grant = await PostAsync(endpoint, path + "/acquire", new { ttlMs = 30_000, waitMs = 60_000 }, ct);
            var leaseId = grant.RootElement.GetProperty("leaseId").GetUInt64();
            using var released = await PostAsync(endpoint, path + "/release", new { leaseId }, ct);
        };
        return Task.FromResult(pair);
    }

    public Task CloseWorkersAsync() => Task.CompletedTask;

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
            throw new HttpRequestException(string.Create(CultureInfo.InvariantCulture, $"ours {path}: {(int)response.StatusCode} {text}"));
        }

        return JsonDocument.Parse(text.Length == 0 ? "{}" : text);
    }
}
