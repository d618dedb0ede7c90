using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansSync.Silo.Tests;

/// <summary><c>/cluster/cache/{key}</c> and <c>/cluster/cache</c>: the directory's view and every silo's copy, by the names <c>/cluster/silos</c> uses.</summary>
[Collection(EmbeddedClusterCollection.Name)]
public sealed class CacheClusterApiTests(EmbeddedClusterFixture cluster)
{
    [Fact]
    public async Task KeyState_AfterReadsOnTwoSilos_ShowsBothShared_AndAfterAWrite_OneHolderInE()
    {
        using var first = cluster.Http(0);
        using var second = cluster.Http(1);
        using var third = cluster.Http(2);
        var key = $"observed/{Guid.NewGuid():N}";
        var path = new Uri($"/cache/{key}", UriKind.Relative);
        var statePath = new Uri($"/cluster/cache/{key}", UriKind.Relative);
        var names = await SiloNamesAsync(first);

        (await first.PutAsJsonAsync(path, new { value = "v1" })).Dispose();
        (await second.GetAsync(path)).Dispose();
        (await third.GetAsync(path)).Dispose();
        var shared = JsonDocument.Parse(await first.GetStringAsync(statePath)).RootElement;
        var written = await ReadJsonAsync(await second.PutAsJsonAsync(path, new { value = "v2" }));
        var after = JsonDocument.Parse(await third.GetStringAsync(statePath)).RootElement;

        Assert.Equal(key, shared.GetProperty("key").GetString());
        Assert.Equal([.. names.Order(StringComparer.Ordinal)], [.. StatesOf(shared).Keys.Order(StringComparer.Ordinal)]);
        var sharers = shared.GetProperty("sharers").EnumerateArray().Select(s => s.GetString()!).ToList();
        Assert.Contains(names[1], sharers);
        Assert.Contains(names[2], sharers);
        Assert.Equal(("S", "S"), (StatesOf(shared)[names[1]], StatesOf(shared)[names[2]]));
        Assert.Equal(JsonValueKind.Null, shared.GetProperty("owner").ValueKind);

        Assert.Equal(written.GetProperty("version").GetUInt64(), after.GetProperty("version").GetUInt64());
        Assert.Equal(names[1], after.GetProperty("owner").GetString());
        Assert.Empty(after.GetProperty("sharers").EnumerateArray());
        Assert.Equal(["I", "E", "I"], [StatesOf(after)[names[0]], StatesOf(after)[names[1]], StatesOf(after)[names[2]]]);
    }

    [Fact]
    public async Task ClusterStats_ListEverySilo_WithCountersAndLinesByState()
    {
        using var http = cluster.Http(2);
        var path = new Uri($"/cache/stats-{Guid.NewGuid():N}", UriKind.Relative);
        (await http.PutAsJsonAsync(path, new { value = "x" })).Dispose();
        (await http.GetAsync(path)).Dispose();
        var names = await SiloNamesAsync(http);

        var silos = JsonDocument.Parse(await http.GetStringAsync(new Uri("/cluster/cache", UriKind.Relative))).RootElement.GetProperty("silos");

        Assert.Equal([.. names.Order(StringComparer.Ordinal)], [.. silos.EnumerateArray().Select(s => s.GetProperty("silo").GetString()!).Order(StringComparer.Ordinal)]);
        var mine = silos.EnumerateArray().Single(s => s.GetProperty("silo").GetString() == names[2]);
        foreach (var counter in new[] { "hits", "misses", "invalidationsSent", "invalidationsAcked", "recalls", "evictions", "bytes" })
        {
            Assert.True(mine.GetProperty(counter).GetInt64() >= 0, counter);
        }

        Assert.True(mine.GetProperty("hits").GetInt64() >= 1, mine.ToString());
        Assert.InRange(mine.GetProperty("hitRate").GetDouble(), 0, 1);
        Assert.True(mine.GetProperty("lines").GetProperty("E").GetInt32() >= 1, mine.ToString());
        Assert.True(mine.GetProperty("lines").TryGetProperty("M", out _) && mine.GetProperty("lines").TryGetProperty("S", out _), mine.ToString());
    }

    [Fact]
    public async Task KeyState_OfAKeyWithAControlCharacter_IsABadRequest_AndOpenApiDescribesBothRoutes()
    {
        using var http = cluster.Http(0);
        using var empty = await http.GetAsync(new Uri("/cluster/cache/bad%01key", UriKind.Relative));
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var paths = document.RootElement.GetProperty("paths");

        await ProblemAssert.IsProblemAsync(empty, HttpStatusCode.BadRequest, "invalid-name");
        Assert.True(paths.GetProperty("/cluster/cache").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/cluster/cache/{key}").TryGetProperty("get", out _));
    }

    /// <summary>Silo names by index, as <c>/cluster/silos</c> gives them (matched by HTTP address).</summary>
    private async Task<List<string>> SiloNamesAsync(HttpClient http)
    {
        var list = JsonDocument.Parse(await http.GetStringAsync(new Uri("/cluster/silos", UriKind.Relative))).RootElement.GetProperty("silos");
        return [.. Enumerable.Range(0, EmbeddedClusterFixture.SiloCount).Select(i =>
        {
            using var client = cluster.Http(i);
            return list.EnumerateArray().Single(s => s.GetProperty("status").GetString() == "Active"
                && s.TryGetProperty("http", out var address) && new Uri(address.GetString()!) == client.BaseAddress).GetProperty("name").GetString()!;
        })];
    }

    private static Dictionary<string, string> StatesOf(JsonElement state) =>
        state.GetProperty("silos").EnumerateArray().ToDictionary(s => s.GetProperty("silo").GetString()!, s => s.GetProperty("state").GetString()!);

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }
    }
}
