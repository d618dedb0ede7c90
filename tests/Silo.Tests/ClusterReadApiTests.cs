using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansSync.Silo.Tests;

/// <summary>The read endpoints behind the pages (<c>/cluster/*</c>) and the pages' embedded files, on a loopback cluster without a token.</summary>
[Collection(EmbeddedClusterCollection.Name)]
public sealed class ClusterReadApiTests(EmbeddedClusterFixture cluster)
{
    [Fact]
    public async Task Silos_ListsEverySiloWithItsHttpAddress()
    {
        using var http = cluster.Http(1);

        var list = JsonDocument.Parse(await http.GetStringAsync(new Uri("/cluster/silos", UriKind.Relative))).RootElement;

        var addresses = list.GetProperty("silos").EnumerateArray().Where(s => s.GetProperty("status").GetString() == "Active")
            .Select(s => new Uri(s.GetProperty("http").GetString()!).Port).Order().ToList();
        Assert.Equal(cluster.Process.Nodes.Select(n => n.HttpAddress.Port).Order(), addresses);
        Assert.Equal(cluster.Process.Nodes[1].HttpAddress.Port, new Uri(list.GetProperty("http").GetString()!).Port);
    }

    [Fact]
    public async Task Locks_ShowsTheHolderWithLeaseExpiry_AndWaitersInOrder_AndWaitForEdges()
    {
        using var first = cluster.Http(0);
        using var second = cluster.Http(1);
        var name = $"listed/{Guid.NewGuid():N}";
        var path = $"/locks/{Uri.EscapeDataString(name)}";
        using var granted = await first.PostAsJsonAsync(path + "/acquire", new { ttlMs = 30_000 });
        var grant = JsonDocument.Parse(await granted.Content.ReadAsStringAsync()).RootElement;
        using var waiting = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var waiter = second.PostAsJsonAsync(path + "/acquire", new { ttlMs = 30_000, waitMs = 20_000 }, waiting.Token);

        var listed = await EventuallyAsync(first, $"/cluster/locks?contains={Uri.EscapeDataString(name)}", l => l.GetProperty("locks").GetArrayLength() == 1
            && l.GetProperty("locks")[0].GetProperty("waiters").GetArrayLength() == 1);
        var entry = listed.GetProperty("locks")[0];
        var holder = Assert.Single(entry.GetProperty("holders").EnumerateArray());
        Assert.Equal(grant.GetProperty("leaseId").GetUInt64(), holder.GetProperty("leaseId").GetUInt64());
        Assert.Equal(grant.GetProperty("fencingToken").GetUInt64(), holder.GetProperty("fencingToken").GetUInt64());
        Assert.Equal(grant.GetProperty("leaseExpiresAt").GetDateTimeOffset(), holder.GetProperty("leaseExpiresAt").GetDateTimeOffset());
        Assert.Equal(1, entry.GetProperty("waiters")[0].GetProperty("position").GetInt32());
        Assert.True(listed.GetProperty("totalLocks").GetInt32() >= 1);
        Assert.Equal(EmbeddedClusterFixture.Groups, listed.GetProperty("groups").GetArrayLength());

        var graph = await EventuallyAsync(first, "/cluster/wait-for", g => g.GetProperty("edges").EnumerateArray().Any(e => e.GetProperty("lock").GetString() == name));
        var edge = graph.GetProperty("edges").EnumerateArray().First(e => e.GetProperty("lock").GetString() == name);
        Assert.Equal(holder.GetProperty("owner").GetString(), edge.GetProperty("blocker").GetString());
        Assert.True(graph.GetProperty("detector").GetProperty("rounds").GetInt64() >= 0);

        using (await first.PostAsJsonAsync(path + "/release", new { leaseId = grant.GetProperty("leaseId").GetUInt64() }))
        {
            using var secondGrant = await waiter;
            Assert.Equal(HttpStatusCode.OK, secondGrant.StatusCode);
        }
    }

    [Fact]
    public async Task Queues_ListsEveryPartitionFromItsOwnGroup_WithCountsThatAddUpToTheQueuesStats()
    {
        using var http = cluster.Http(1);
        var name = $"listed-{Guid.NewGuid():N}";
        using (var created = await http.PutAsJsonAsync($"/queues/{name}", new { partitions = 4 }))
        {
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }

        var batch = new { messages = Enumerable.Range(0, 6).Select(i => new { body = $"m{i}", partitionKey = $"k{i}" }).ToArray() };
        var sent = JsonDocument.Parse(await (await http.PostAsJsonAsync($"/queues/{name}/messages", batch)).Content.ReadAsStringAsync()).RootElement;
        var perPartition = sent.GetProperty("messages").EnumerateArray().GroupBy(m => m.GetProperty("partition").GetInt32()).ToDictionary(g => g.Key, g => g.Count());

        var listed = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/cluster/queues?contains={name}", UriKind.Relative))).RootElement;

        var queue = Assert.Single(listed.GetProperty("queues").EnumerateArray());
        Assert.Equal(name, queue.GetProperty("name").GetString());
        Assert.True(queue.GetProperty("complete").GetBoolean());
        Assert.Equal(6, queue.GetProperty("messages").GetInt64());
        var partitions = queue.GetProperty("partitions").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2, 3], partitions.Select(p => p.GetProperty("partition").GetInt32()));
        foreach (var partition in partitions)
        {
            Assert.Equal(perPartition.GetValueOrDefault(partition.GetProperty("partition").GetInt32()), partition.GetProperty("stats").GetProperty("visible").GetInt64());
            Assert.InRange(partition.GetProperty("group").GetInt32(), 0, EmbeddedClusterFixture.Groups - 1);
        }

        var stats = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/queues/{name}", UriKind.Relative))).RootElement.GetProperty("stats");
        Assert.Equal(stats.GetProperty("visible").GetInt64(), queue.GetProperty("totals").GetProperty("visible").GetInt64());
        Assert.Equal(stats.GetProperty("sentTotal").GetInt64(), queue.GetProperty("totals").GetProperty("sentTotal").GetInt64());
        Assert.True(listed.GetProperty("totalQueues").GetInt32() >= 1);
        Assert.All(listed.GetProperty("groups").EnumerateArray(), g => Assert.False(g.TryGetProperty("error", out _)));

        using var outOfRange = await http.GetAsync(new Uri("/cluster/queues?limit=5000", UriKind.Relative));
        await ProblemAssert.IsProblemAsync(outOfRange, HttpStatusCode.BadRequest, "invalid-argument");
    }

    [Fact]
    public async Task Locks_RefusesALimitOutOfRange()
    {
        using var http = cluster.Http(0);

        using var response = await http.GetAsync(new Uri("/cluster/locks?limit=5000", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid-argument");
    }

    [Fact]
    public async Task Pages_AreServedFromTheAssembly_AndDescribedEndpointsAreInOpenApi()
    {
        using var http = cluster.Http(2);

        using var page = await http.GetAsync(new Uri("/ui/", UriKind.Relative));
        using var script = await http.GetAsync(new Uri("/ui/app.js", UriKind.Relative));
        using var login = await http.GetAsync(new Uri("/ui/login.html", UriKind.Relative));
        var openApi = await http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/dashboard/", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, login.StatusCode);
        foreach (var path in new[] { "/cluster/silos", "/cluster/locks", "/cluster/wait-for", "/cluster/queues", "/cluster/history" })
        {
            Assert.Contains($"\"{path}\"", openApi, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/dashboard/")]
    public async Task OrleansDashboard_AnswersWithAndWithoutTheSlash_WithOurLinkAndItsOwnBase(string path)
    {
        using var http = cluster.Http(0);

        using var page = await http.GetAsync(new Uri(path, UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(path, page.RequestMessage?.RequestUri?.AbsolutePath); // served, not redirected
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<base href=\"/dashboard/\">", html, StringComparison.Ordinal);
        Assert.Contains("id=\"orleanssync-pages\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cors_LetsAnotherSilosPageRead_ButNotAnotherSite()
    {
        using var http = cluster.Http(0);
        var otherSilo = cluster.Process.Nodes[1].HttpAddress.GetLeftPart(UriPartial.Authority);

        using var fromSilo = new HttpRequestMessage(HttpMethod.Get, new Uri("/cluster/silos", UriKind.Relative));
        fromSilo.Headers.Add("Origin", otherSilo);
        using var fromSite = new HttpRequestMessage(HttpMethod.Get, new Uri("/cluster/silos", UriKind.Relative));
        fromSite.Headers.Add("Origin", "http://example.invalid");
        using var allowed = await http.SendAsync(fromSilo);
        using var refused = await http.SendAsync(fromSite);

        Assert.Equal(otherSilo, Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static async Task<JsonElement> EventuallyAsync(HttpClient http, string path, Func<JsonElement, bool> done)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var body = JsonDocument.Parse(await http.GetStringAsync(new Uri(path, UriKind.Relative), deadline.Token)).RootElement.Clone();
            if (done(body))
            {
                return body;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }
}
