using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OrleansSync.Browser.Tests;

/// <summary>
/// A screenshot of each page with a held lock and a queued waiter. Saved to
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
        if (forDocs)
        {
            // For the README only: some traffic over half a minute while the page looks (lock totals are sampled then), so that the charts have a shape.
            for (var i = 0; i < 15; i++)
            {
                await cluster.AcquireAsync($"jobs/{i}", via: i % 3);
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
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

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter);
        await page.Context.CloseAsync();
    }

    private static async Task SaveAsync(IPage page, string directory, string file)
    {
        var path = Path.Combine(directory, file);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 10_000, $"{path} is too small to show a page");
    }
}
