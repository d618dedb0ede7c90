using static Microsoft.Playwright.Assertions;

namespace OrleansSync.Browser.Tests;

/// <summary>The Locks page shows what the lock API did: holders with their fencing token, waiters in FIFO order, the wait-for graph.</summary>
[Trait("Category", "Browser")]
[Collection(SharedClusterCollection.Name)]
public sealed class LocksPageTests(SharedClusterFixture shared)
{
    [Fact]
    public async Task AcquiredLock_ShowsItsHolderAndFencingToken()
    {
        var cluster = shared.Cluster;
        var name = $"browser/held-{Guid.NewGuid():N}";
        var grant = await cluster.AcquireAsync(name, via: 0);
        var page = await shared.Chromium.NewPageAsync();

        await page.GotoAsync(cluster.Page(1, "locks").ToString());
        await page.FillAsync("#lock-search", name);
        await page.ClickAsync("#lock-search-form button");

        var holder = page.Locator($".lock[data-lock='{name}'] tr.holder");
        await Expect(holder).ToHaveCountAsync(1);
        await Expect(holder).ToHaveAttributeAsync("data-lease", grant.GetProperty("leaseId").GetUInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(holder.Locator(".token")).ToHaveTextAsync(grant.GetProperty("fencingToken").GetUInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(holder).ToContainTextAsync("exclusive");
        await Expect(holder).ToContainTextAsync("http-silo-0/");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task QueuedWaiters_ShowInFifoOrder_AndTheNextIsGrantedOnRelease()
    {
        var cluster = shared.Cluster;
        var name = $"browser/queue-{Guid.NewGuid():N}";
        var grant = await cluster.AcquireAsync(name, via: 0);
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var page = await shared.Chromium.NewPageAsync();
        await page.GotoAsync(cluster.Page(2, "locks").ToString());
        await page.FillAsync("#lock-search", name);
        await page.ClickAsync("#lock-search-form button");
        var waiters = page.Locator($".lock[data-lock='{name}'] tr.waiter");

        // The second waiter queues only once the page shows the first: their order is then known.
        var first = cluster.AcquireAsync(name, via: 1, waitMs: 30_000, giveUp.Token);
        await Expect(waiters).ToHaveCountAsync(1);
        var second = cluster.AcquireAsync(name, via: 2, waitMs: 30_000, giveUp.Token);
        await Expect(waiters).ToHaveCountAsync(2);

        await Expect(waiters.Nth(0)).ToHaveAttributeAsync("data-position", "1");
        await Expect(waiters.Nth(0)).ToContainTextAsync("http-silo-1/");
        await Expect(waiters.Nth(1)).ToHaveAttributeAsync("data-position", "2");
        await Expect(waiters.Nth(1)).ToContainTextAsync("http-silo-2/");
        await Expect(page.Locator("#wait-for svg .edge")).Not.ToHaveCountAsync(0);

        // Releasing hands the lock to the first in line; the page then shows it holding and one waiter left.
        using (var http = cluster.Http(0))
        {
            using var released = await http.PostAsync(
                new Uri($"/locks/{Uri.EscapeDataString(name)}/release", UriKind.Relative),
                new StringContent($"{{\"leaseId\":{grant.GetProperty("leaseId").GetUInt64()}}}", System.Text.Encoding.UTF8, "application/json"),
                giveUp.Token);
            Assert.True(released.IsSuccessStatusCode);
        }

        var firstGrant = await first;
        var holder = page.Locator($".lock[data-lock='{name}'] tr.holder");
        await Expect(holder).ToHaveAttributeAsync("data-lease", firstGrant.GetProperty("leaseId").GetUInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(holder).ToContainTextAsync("http-silo-1/");
        await Expect(waiters).ToHaveCountAsync(1);
        await Expect(waiters.Nth(0)).ToContainTextAsync("http-silo-2/");

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        await page.Context.CloseAsync();
    }
    [Fact]
    public async Task Deadlock_ShowsWithItsVictim_AndTheDetectorCountsTheAbort()
    {
        var cluster = shared.Cluster;
        var page = await shared.Chromium.NewPageAsync();
        await page.GotoAsync(cluster.Page(2, "locks").ToString());
        var abortsBefore = await page.Locator("#detector-aborts .value").InnerTextAsync();

        var (victimLock, victimLease) = await cluster.BreakDeadlockAsync($"deadlock/{Guid.NewGuid():N}");

        var row = page.Locator("#deadlocks tbody tr", new() { HasText = victimLock });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync($"lease {victimLease}");
        await Expect(page.Locator("#detector-aborts .value")).Not.ToHaveTextAsync(abortsBefore);
        await page.Context.CloseAsync();
    }
}
