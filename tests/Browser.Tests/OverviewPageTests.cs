using static Microsoft.Playwright.Assertions;

namespace OrleansSync.Browser.Tests;

/// <summary>The Overview page shows the silos of the membership and every Raft group with its leader and term, and links to Orleans' dashboard.</summary>
[Trait("Category", "Browser")]
[Collection(SharedClusterCollection.Name)]
public sealed class OverviewPageTests(SharedClusterFixture shared)
{
    [Fact]
    public async Task ShowsEverySiloActive_AndEveryGroupWithItsLeaderAndTerm()
    {
        var cluster = shared.Cluster;
        var page = await shared.Chromium.NewPageAsync();

        await page.GotoAsync(cluster.Page(0, "overview").ToString());

        await Expect(page.Locator("#silos tbody tr[data-status='Active']")).ToHaveCountAsync(cluster.Process.Nodes.Count);
        foreach (var index in cluster.Running)
        {
            await Expect(page.Locator($"#silos tbody tr[data-silo='{cluster.NameOf(index)}']")).ToContainTextAsync("Active");
        }

        await Expect(page.Locator("#overview-groups tbody tr")).ToHaveCountAsync(BrowserCluster.Groups);
        for (var group = 0; group < BrowserCluster.Groups; group++)
        {
            var (leader, term) = await cluster.LeaderOfAsync(group, via: 0);
            var row = page.Locator($"#overview-groups tbody tr[data-group='{group}']");
            await Expect(row).ToHaveAttributeAsync("data-leader-silo", leader!);
            await Expect(row).ToHaveAttributeAsync("data-term", term.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await Expect(page.Locator("#card-silos")).ToContainTextAsync($"{cluster.Process.Nodes.Count} / {cluster.Process.Nodes.Count}");
        await Expect(page.Locator("#overview-charts svg")).ToHaveCountAsync(7);
        await Expect(page.Locator("#card-queue-messages")).ToBeVisibleAsync();
        await Expect(page.Locator("#card-cache-lines")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task LinksToOrleansDashboard_OfTheSiloItReads_AndBack()
    {
        var cluster = shared.Cluster;
        var page = await shared.Chromium.NewPageAsync();
        await page.GotoAsync(cluster.Page(1, "overview").ToString());
        await Expect(page.Locator("#source")).ToHaveTextAsync($"via {cluster.NameOf(1)}");

        var dashboard = new Uri(cluster.Process.Nodes[1].HttpAddress, "dashboard/").ToString();
        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#orleans-dashboard"), r => r.Url == dashboard);

        Assert.Equal(200, response.Status);
        await page.WaitForURLAsync(dashboard + "**");

        // And back: Orleans' dashboard page carries a link to ours.
        await page.ClickAsync("#orleanssync-pages");
        await page.WaitForURLAsync(new Uri(cluster.Process.Nodes[1].HttpAddress, "ui/").ToString() + "**");
        await Expect(page.Locator("#source")).ToHaveTextAsync($"via {cluster.NameOf(1)}");
        await page.Context.CloseAsync();
    }
}
