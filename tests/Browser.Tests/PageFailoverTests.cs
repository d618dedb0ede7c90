using static Microsoft.Playwright.Assertions;

namespace OrleansSync.Browser.Tests;

/// <summary>
/// The silo that served the page stops: the page says so, reads another silo's API from then on,
/// and goes on showing the cluster (where the stopped silo is no longer active).
/// </summary>
[Trait("Category", "Browser")]
public sealed class PageFailoverTests : IAsyncLifetime
{
    private BrowserCluster? _cluster;
    private Chromium? _chromium;

    public async Task InitializeAsync()
    {
        _chromium = await Chromium.LaunchAsync();
        _cluster = await BrowserCluster.StartAsync();
    }

    [Fact]
    public async Task WhenItsSiloStops_ThePageSaysSo_AndFailsOverToAnotherSilo()
    {
        var cluster = _cluster!;
        const int served = 1;
        var name = cluster.NameOf(served);
        var page = await _chromium!.NewPageAsync();
        await page.GotoAsync(cluster.Page(served, "overview").ToString());
        await Expect(page.Locator("#source")).ToHaveTextAsync($"via {name}");
        await Expect(page.Locator("#silos tbody tr[data-status='Active']")).ToHaveCountAsync(3);

        await cluster.StopSiloAsync(served);

        var banner = page.Locator("#connection");
        await Expect(banner).ToBeVisibleAsync();
        await Expect(banner).ToContainTextAsync($"{name} (");
        await Expect(banner).ToContainTextAsync("is not answering");
        await Expect(page.Locator("#source")).Not.ToHaveTextAsync($"via {name}");
        var now = await page.Locator("#source").GetAttributeAsync("data-silo");
        Assert.Contains(cluster.IndexOf(now!), cluster.Running);
        await Expect(banner).ToContainTextAsync($"now reading from {now}");

        // Still live: the survivor's view of the membership, without the stopped silo active.
        await Expect(page.Locator($"#silos tbody tr[data-silo='{name}']")).Not.ToHaveAttributeAsync("data-status", "Active");
        await Expect(page.Locator("#silos tbody tr[data-status='Active']")).ToHaveCountAsync(2);
        await page.Context.CloseAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
    }
}
