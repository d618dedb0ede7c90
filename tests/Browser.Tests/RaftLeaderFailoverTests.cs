using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OrleansSync.Browser.Tests;

/// <summary>
/// Stopping the silo that hosts a group's leader: the Raft page, open on another silo, shows the
/// group's new leader on a surviving silo in a higher term, and the election in its list.
/// </summary>
[Trait("Category", "Browser")]
public sealed class RaftLeaderFailoverTests : IAsyncLifetime
{
    private BrowserCluster? _cluster;
    private Chromium? _chromium;

    public async Task InitializeAsync()
    {
        _chromium = await Chromium.LaunchAsync();
        _cluster = await BrowserCluster.StartAsync();
    }

    [Fact]
    public async Task StoppingTheLeadersSilo_ShowsTheNewLeaderAndTerm()
    {
        var cluster = _cluster!;
        const int group = 0;
        var (oldLeader, oldTerm) = await cluster.LeaderOfAsync(group, via: 0);
        var victim = cluster.IndexOf(oldLeader!);
        var watcher = cluster.Running.First(i => i != victim);
        var page = await _chromium!.NewPageAsync();
        await page.GotoAsync(cluster.Page(watcher, "raft").ToString());
        var card = page.Locator($".group[data-group='{group}']");
        await Expect(card).ToHaveAttributeAsync("data-leader-silo", oldLeader!);
        await Expect(card.Locator(".term")).ToHaveTextAsync(oldTerm.ToString(CultureInfo.InvariantCulture));

        await cluster.StopSiloAsync(victim);

        // The page polls; wait until it shows a leader other than the stopped silo, in a later term.
        try
        {
            await page.WaitForFunctionAsync(
            "([group, oldLeader, oldTerm]) => { const c = document.querySelector(`.group[data-group='${group}']`);" +
            " return c && c.dataset.leaderSilo && c.dataset.leaderSilo !== oldLeader && Number(c.dataset.term) > oldTerm; }",
            new object[] { group, oldLeader!, (double)oldTerm },
            new PageWaitForFunctionOptions { Timeout = Chromium.ExpectTimeoutMs, PollingInterval = 200 });
        }
        catch (TimeoutException)
        {
            using var http = cluster.Http(watcher);
            Assert.Fail($"The page did not show a new leader of group {group} (was {oldLeader}, term {oldTerm}) within {Chromium.ExpectTimeoutMs} ms. "
                + $"Page: {await card.InnerTextAsync()} | {await page.Locator("#connection").InnerTextAsync()} | /status: {await http.GetStringAsync(new Uri("/status", UriKind.Relative))}");
        }

        var shownLeader = await card.GetAttributeAsync("data-leader-silo");
        var shownTerm = ulong.Parse((await card.GetAttributeAsync("data-term"))!, CultureInfo.InvariantCulture);

        // What the page shows is what the replica itself says, and it runs on a surviving silo.
        var shownReplica = int.Parse((await card.GetAttributeAsync("data-leader-replica"))!, CultureInfo.InvariantCulture);
        var replica = await cluster.ReplicaStatusAsync(group, shownReplica, via: watcher);
        Assert.True(replica.Role == "Leader" || replica.Term > shownTerm, $"replica {shownReplica} is {replica.Role} in term {replica.Term}");
        Assert.Equal(shownLeader, replica.Silo);
        Assert.Contains(cluster.IndexOf(shownLeader!), cluster.Running);
        await Expect(card.Locator(".leader")).ToContainTextAsync(shownLeader!);
        await Expect(card.Locator(".term")).ToHaveTextAsync(shownTerm.ToString(CultureInfo.InvariantCulture));
        await Expect(page.Locator($"#elections tbody tr[data-group='{group}'][data-term='{shownTerm}']")).ToContainTextAsync(shownLeader!);
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
