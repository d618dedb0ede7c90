using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OrleansSync.Browser.Tests;

/// <summary>
/// A screenshot of each page with a held lock and a queued waiter, queues with messages in every
/// state, and a cache key read on two silos. Saved to
/// <c>ORLEANSSYNC_SCREENSHOT_DIR</c> when set (docs/images is made so: see README), else to a
/// temporary directory, so that CI does not write into the source tree.
/// </summary>
[Trait("Category", "Browser")]
[Collection(SharedClusterCollection.Name)]
public sealed class ScreenshotTests(SharedClusterFixture shared)
{
    [Fact]
    public async Task EachPage_IsCapturedWithData()
    {
        var cluster = shared.Cluster;
        var forDocs = Environment.GetEnvironmentVariable("ORLEANSSYNC_SCREENSHOT_DIR") is { Length: > 0 };
        var directory = forDocs
            ? Directory.CreateDirectory(Environment.GetEnvironmentVariable("ORLEANSSYNC_SCREENSHOT_DIR")!).FullName
            : Directory.CreateTempSubdirectory("orleanssync-screenshots-").FullName;
        var page = await shared.Chromium.NewPageAsync();
        await page.GotoAsync(cluster.Page(0, "overview").ToString());
        const string Orders = "orders";
        const string Payments = "payments";
        await cluster.CreateQueueAndSendAsync(Orders, "{\"partitions\":4}", [.. Enumerable.Range(0, 12).Select(i => $"order {i}")], via: 0);
        await cluster.CreateQueueAndSendAsync(Payments, "{\"partitions\":2,\"maxDeliveries\":1}", ["p1", "p2", "p3"], via: 1);
        if (forDocs)
        {
            // For the README only: some traffic over half a minute while the page looks (totals are sampled then), so that the charts have a shape.
            for (var i = 0; i < 15; i++)
            {
                await cluster.AcquireAsync($"jobs/{i}", via: i % 3);
                await cluster.CreateQueueAndSendAsync(Orders, "{\"partitions\":4}", [$"order {i}a", $"order {i}b", $"order {i}c"], via: i % 3);
                await ReceiveAsync(cluster, Orders, i % 3, ack: i % 4 != 0);
                await cluster.SendJsonAsync(HttpMethod.Put, $"/cache/users/{i % 5}", $"{{\"value\":\"user {i}\"}}", via: i % 3);
                using (var reader = cluster.Http((i + 1) % 3))
                {
                    // The first read fills the copy (a miss), the second is served from it (a hit).
                    await reader.GetStringAsync(new Uri($"/cache/users/{i % 5}", UriKind.Relative));
                    await reader.GetStringAsync(new Uri($"/cache/users/{i % 5}", UriKind.Relative));
                }

                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }

        // A dead letter (its one delivery nacked) and a cache key read on two silos.
        var poison = await cluster.SendJsonAsync(HttpMethod.Post, $"/queues/{Payments}/receive", "{\"max\":1}", via: 1);
        await cluster.SendJsonAsync(HttpMethod.Post, $"/queues/{Payments}/nack", JsonSerializer.Serialize(new { receipt = poison.GetProperty("messages")[0].GetProperty("receipt").GetString() }), via: 1);
        const string Key = "users/42";
        await cluster.SendJsonAsync(HttpMethod.Put, $"/cache/{Key}", "{\"value\":\"Ada\"}", via: 0);
        foreach (var via in new[] { 1, 2 })
        {
            using var http = cluster.Http(via);
            await http.GetStringAsync(new Uri($"/cache/{Key}", UriKind.Relative));
        }

        if (forDocs)
        {
            // And a deadlock broken, so that the Locks page shows one with its victim.
            await cluster.BreakDeadlockAsync("transfers/7");
        }

        var name = "orders/42";
        var grant = await cluster.AcquireAsync(name, via: 0);
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var waiter = cluster.AcquireAsync(name, via: 1, waitMs: 30_000, giveUp.Token);

        await Expect(page.Locator("#overview-groups tbody tr[data-leader-silo]")).ToHaveCountAsync(BrowserCluster.Groups);
        await Expect(page.Locator("#card-locks .value")).Not.ToHaveTextAsync("0");
        await SaveAsync(page, directory, "ui-overview.png");

        await page.GotoAsync(cluster.Page(0, "raft").ToString());
        await Expect(page.Locator(".group")).ToHaveCountAsync(BrowserCluster.Groups);
        await SaveAsync(page, directory, "ui-raft.png");

        await page.GotoAsync(cluster.Page(0, "locks").ToString());
        await page.FillAsync("#lock-search", "orders/");
        await page.ClickAsync("#lock-search-form button");
        await Expect(page.Locator(".lock")).ToHaveCountAsync(1);
        await Expect(page.Locator($".lock[data-lock='{name}'] tr.waiter")).ToHaveCountAsync(1);
        await Expect(page.Locator($".lock[data-lock='{name}'] tr.holder")).ToContainTextAsync(grant.GetProperty("fencingToken").GetUInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await SaveAsync(page, directory, "ui-locks.png");

        await page.GotoAsync(cluster.Page(0, "queues").ToString());
        await Expect(page.Locator($".queue[data-queue='{Orders}'] tr.partition")).ToHaveCountAsync(4);
        await Expect(page.Locator($".queue[data-queue='{Payments}'] .facts .dead-lettered")).ToHaveTextAsync("1");
        await SaveAsync(page, directory, "ui-queues.png");

        await page.GotoAsync(cluster.Page(0, "cache").ToString());
        await page.FillAsync("#cache-key", Key);
        await page.ClickAsync("#cache-key-form button");
        await Expect(page.Locator("#cache-entry")).Not.ToBeEmptyAsync();
        await Expect(page.Locator("#cache-round-trip .chart, #cache-round-trip .note")).Not.ToHaveCountAsync(0);
        if (forDocs)
        {
            // Writes through silo 0 that invalidate the readers' copies while the page polls, so that the round-trip chart has points.
            for (var i = 0; i < 6; i++)
            {
                await cluster.SendJsonAsync(HttpMethod.Put, $"/cache/{Key}", $"{{\"value\":\"Ada {i}\"}}", via: 0);
                foreach (var via in new[] { 1, 2 })
                {
                    using var http = cluster.Http(via);
                    await http.GetStringAsync(new Uri($"/cache/{Key}", UriKind.Relative));
                }

                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }

        await SaveAsync(page, directory, "ui-cache.png");

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter);
        await page.Context.CloseAsync();
    }

    /// <summary>Receives up to 2 messages of <paramref name="queue"/> and acks them, or leaves them in flight.</summary>
    private static async Task ReceiveAsync(BrowserCluster cluster, string queue, int via, bool ack)
    {
        var received = await cluster.SendJsonAsync(HttpMethod.Post, $"/queues/{queue}/receive", "{\"max\":2,\"visibilityTimeoutMs\":600000}", via);
        foreach (var message in ack ? received.GetProperty("messages").EnumerateArray() : [])
        {
            await cluster.SendJsonAsync(HttpMethod.Post, $"/queues/{queue}/ack", JsonSerializer.Serialize(new { receipt = message.GetProperty("receipt").GetString() }), via);
        }
    }

    private static async Task SaveAsync(IPage page, string directory, string file)
    {
        var path = Path.Combine(directory, file);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 10_000, $"{path} is too small to show a page");
    }
}
