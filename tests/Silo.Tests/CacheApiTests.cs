using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace OrleansSync.Silo.Tests;

/// <summary>The cache API across silos: a PUT on one silo is what a GET on another returns next.</summary>
[Collection(EmbeddedClusterCollection.Name)]
public sealed class CacheApiTests(EmbeddedClusterFixture cluster)
{
    [Fact]
    public async Task Put_Get_OnAnotherSilo_Overwrite_SeenThere_Delete_ThenNotFound()
    {
        using var first = cluster.Http(0);
        using var second = cluster.Http(1);
        var key = $"sessions/{Guid.NewGuid():N}";
        var path = new Uri($"/cache/{key}", UriKind.Relative);

        var written = await ReadJsonAsync(await first.PutAsJsonAsync(path, new { value = "v1" }));
        var read = await ReadJsonAsync(await second.GetAsync(path));
        var hit = await ReadJsonAsync(await second.GetAsync(path));
        var overwritten = await ReadJsonAsync(await first.PutAsJsonAsync(path, new { value = "v2" }));
        var reread = await ReadJsonAsync(await second.GetAsync(path));
        using var deleted = await first.DeleteAsync(path);
        using var gone = await second.GetAsync(path);

        Assert.Equal(key, written.GetProperty("key").GetString());
        Assert.Equal("v1", read.GetProperty("value").GetString());
        Assert.Equal(written.GetProperty("version").GetUInt64(), read.GetProperty("version").GetUInt64());
        Assert.True(hit.GetProperty("hit").GetBoolean(), "the second GET on the same silo is served from its copy");
        Assert.Equal("v2", reread.GetProperty("value").GetString());
        Assert.False(reread.GetProperty("hit").GetBoolean(), "the write invalidated the other silo's copy");
        Assert.True(overwritten.GetProperty("version").GetUInt64() > written.GetProperty("version").GetUInt64());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await ProblemAssert.IsProblemAsync(gone, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task CompareAndSet_WithAStaleVersion_IsAConflict()
    {
        using var http = cluster.Http(2);
        var path = new Uri($"/cache/cas-{Guid.NewGuid():N}", UriKind.Relative);
        var version = (await ReadJsonAsync(await http.PutAsJsonAsync(path, new { value = "a" }))).GetProperty("version").GetUInt64();

        using var stale = await http.PutAsJsonAsync(path, new { value = "b", expectedVersion = version + 1 });
        var swapped = await ReadJsonAsync(await http.PutAsJsonAsync(path, new { value = "b", expectedVersion = version }));

        await ProblemAssert.IsProblemAsync(stale, HttpStatusCode.Conflict, "version-mismatch");
        Assert.Equal("b", swapped.GetProperty("value").GetString());
    }

    [Fact]
    public async Task Metrics_ExportTheNearCacheHitsAndMissesOfTheSilo()
    {
        using var http = cluster.Http(0);
        using var other = cluster.Http(1);
        var path = new Uri($"/cache/metered-{Guid.NewGuid():N}", UriKind.Relative);
        (await other.PutAsJsonAsync(path, new { value = "theirs" })).Dispose();
        (await http.GetAsync(path)).Dispose();

        // The other silo shares the line now: this write invalidates it and waits for its ack.
        (await http.PutAsJsonAsync(path, new { value = "ours" })).Dispose();
        (await http.GetAsync(path)).Dispose();

        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Contains("orleanssync_cache_hits", metrics, StringComparison.Ordinal);
        Assert.Contains("orleanssync_cache_invalidation_round_trip", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheCacheEndpoints()
    {
        using var http = cluster.Http(1);
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var item = document.RootElement.GetProperty("paths").GetProperty("/cache/{key}");
        Assert.True(item.TryGetProperty("get", out _) && item.TryGetProperty("put", out _) && item.TryGetProperty("delete", out _), item.ToString());
    }

    [Theory]
    [InlineData("{\"value\":3}")]
    [InlineData("{\"value\":\"x\",\"other\":1}")]
    [InlineData("{}")]
    [InlineData("[\"x\"]")]
    public async Task Put_WithABodyThatIsNotTheStrictJsonItTakes_IsInvalidJson(string body)
    {
        using var http = cluster.Http(0);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PutAsync(new Uri("/cache/strict", UriKind.Relative), content);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid-json");
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();
        }
    }
}
