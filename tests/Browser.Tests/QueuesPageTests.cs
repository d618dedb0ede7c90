using System.Net.Http.Json;
using System.Text.Json;
using static Microsoft.Playwright.Assertions;

namespace OrleansSync.Browser.Tests;

/// <summary>The Queues page shows what the queue API did: depth per partition, dead letters, and purge and redrive only once confirmed.</summary>
[Trait("Category", "Browser")]
[Collection(SharedClusterCollection.Name)]
public sealed class QueuesPageTests(SharedClusterFixture shared)
{
    [Fact]
    public async Task SentMessages_ShowAsTheDepth_AndPurgeEmptiesTheQueueOnlyOnceConfirmed()
    {
        var cluster = shared.Cluster;
        var name = $"browser-depth-{Guid.NewGuid():N}";
        await cluster.CreateQueueAndSendAsync(name, "{\"partitions\":2}", ["one", "two", "three"], via: 0);
        var page = await shared.Chromium.NewPageAsync();

        // The Overview counts them among the cluster's queue messages.
        await page.GotoAsync(cluster.Page(1, "overview").ToString());
        await Expect(page.Locator("#card-queue-messages .value")).Not.ToHaveTextAsync("0");

        await page.GotoAsync(cluster.Page(1, "queues").ToString());
        await page.FillAsync("#queue-search", name);
        await page.ClickAsync("#queue-search-form button");
        var queue = page.Locator($".queue[data-queue='{name}']");
        await Expect(queue.Locator(".messages")).ToHaveTextAsync("3");
        await Expect(queue.Locator(".facts .visible")).ToHaveTextAsync("3");
        await Expect(queue.Locator("tr.partition")).ToHaveCountAsync(2);

        // Cancelled: nothing is sent, the queue keeps its messages.
        await queue.Locator("button.purge").ClickAsync();
        await Expect(page.Locator("#confirm")).ToBeVisibleAsync();
        await Expect(page.Locator("#confirm-text")).ToContainTextAsync(name);
        await page.ClickAsync("#confirm-no");
        await Expect(page.Locator("#confirm")).Not.ToBeVisibleAsync();
        Assert.Equal(3, await MessagesAsync(name));

        await queue.Locator("button.purge").ClickAsync();
        await page.ClickAsync("#confirm-yes");
        await Expect(page.Locator("#queue-action-result")).ToHaveAttributeAsync("data-count", "3");
        await Expect(queue.Locator(".messages")).ToHaveTextAsync("0");
        Assert.Equal(0, await MessagesAsync(name));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DeadLetter_ShowsInItsPartition_AndRedriveMakesItVisibleAgain()
    {
        var cluster = shared.Cluster;
        var name = $"browser-dead-{Guid.NewGuid():N}";
        await cluster.CreateQueueAndSendAsync(name, "{\"partitions\":1,\"maxDeliveries\":1}", ["poison"], via: 2);

        // Its one delivery nacked: dead-lettered at once (deliveries used up).
        var received = await cluster.SendJsonAsync(HttpMethod.Post, $"/queues/{name}/receive", "{\"max\":1}", via: 2);
        var receipt = received.GetProperty("messages")[0].GetProperty("receipt").GetString();
        await cluster.SendJsonAsync(HttpMethod.Post, $"/queues/{name}/nack", JsonSerializer.Serialize(new { receipt }), via: 2);

        var page = await shared.Chromium.NewPageAsync();
        await page.GotoAsync(cluster.Page(0, "queues").ToString());
        await page.FillAsync("#queue-search", name);
        await page.ClickAsync("#queue-search-form button");
        var queue = page.Locator($".queue[data-queue='{name}']");
        var partition = queue.Locator("tr.partition[data-partition='0']");
        await Expect(partition.Locator(".dead-lettered")).ToHaveTextAsync("1");
        await Expect(partition.Locator(".visible")).ToHaveTextAsync("0");

        await queue.Locator("button.redrive").ClickAsync();
        await page.ClickAsync("#confirm-yes");
        await Expect(partition.Locator(".dead-lettered")).ToHaveTextAsync("0");
        await Expect(partition.Locator(".visible")).ToHaveTextAsync("1");
        await page.Context.CloseAsync();
    }

    private async Task<long> MessagesAsync(string name)
    {
        using var http = shared.Cluster.Http(0);
        var stats = (await http.GetFromJsonAsync<JsonElement>(new Uri($"/queues/{name}", UriKind.Relative))).GetProperty("stats");
        return stats.GetProperty("visible").GetInt64() + stats.GetProperty("inFlight").GetInt64() + stats.GetProperty("delayed").GetInt64();
    }
}
