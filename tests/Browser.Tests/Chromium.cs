using Microsoft.Playwright;

namespace OrleansSync.Browser.Tests;

/// <summary>
/// Headless Debian Chromium (<c>/usr/bin/chromium</c>, or <c>ORLEANSSYNC_CHROMIUM</c>) driven by
/// Playwright; Playwright's own browser download cannot work here.
/// </summary>
internal sealed class Chromium : IAsyncDisposable
{
    /// <summary>How long a page assertion waits for the page to show what it should (polls every 2 s, a leader election, a silo leaving).</summary>
    public const float ExpectTimeoutMs = 30_000;

    private readonly IPlaywright _playwright;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static string ExecutablePath => Environment.GetEnvironmentVariable("ORLEANSSYNC_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<Chromium> LaunchAsync()
    {
        Assert.True(File.Exists(ExecutablePath), $"{ExecutablePath} is missing: apt-get install -y chromium (.ci/run does).");
        Assertions.SetDefaultExpectTimeout(ExpectTimeoutMs);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Timeout = 60_000,

            // As root in a container, Chromium's sandbox cannot start.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        return new Chromium(playwright, browser);
    }

    /// <summary>A fresh page (own cookies) of the size the screenshots have.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(ExpectTimeoutMs);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
