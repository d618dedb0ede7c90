using static Microsoft.Playwright.Assertions;

namespace OrleansSync.Browser.Tests;

/// <summary>A silo with an HTTP token: the browser gets 401 with the login page, and after signing in the pages work (their API calls carry the token).</summary>
[Trait("Category", "Browser")]
public sealed class AuthenticationPageTests : IAsyncLifetime
{
    private const string Token = "browser-tests-token-0123456789";
    private BrowserCluster? _cluster;
    private Chromium? _chromium;

    public async Task InitializeAsync()
    {
        _chromium = await Chromium.LaunchAsync();
        _cluster = await BrowserCluster.StartAsync(silos: 1, replicas: 1, httpToken: Token);
    }

    [Fact]
    public async Task WithoutTheToken_ThePageIs401_AndSigningInShowsTheCluster()
    {
        var page = await _chromium!.NewPageAsync();

        var response = await page.GotoAsync(_cluster!.Page(0, "overview").ToString());

        Assert.Equal(401, response!.Status);
        await Expect(page.Locator("#unauthorized")).ToContainTextAsync("401");
        await Expect(page.Locator("#silos")).ToHaveCountAsync(0);
        var dashboard = await page.Context.APIRequest.GetAsync(new Uri(_cluster.Process.Nodes[0].HttpAddress, "dashboard/").ToString());
        Assert.Equal(401, dashboard.Status);

        await page.FillAsync("#token", Token);
        await page.ClickAsync("#login button");

        await Expect(page.Locator("#source")).ToHaveTextAsync($"via {_cluster.NameOf(0)}");
        await Expect(page.Locator("#silos tbody tr[data-status='Active']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#overview-groups tbody tr")).ToHaveCountAsync(BrowserCluster.Groups);
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
