using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace OrleansSync.Browser.Tests;

/// <summary>The Raft page shows each group's proposals per second and commit latency, from the leaders' own counters that /status reports.</summary>
[Trait("Category", "Browser")]
[Collection(SharedClusterCollection.Name)]
public sealed partial class RaftMetricsPageTests(SharedClusterFixture shared)
{
    [Fact]
    public async Task ProposalsUnderTraffic_ShowTheirRateAndCommitLatency_AsTheLeadersCountThem()
    {
        var cluster = shared.Cluster;
        var page = await shared.Chromium.NewPageAsync();
        await page.GotoAsync(cluster.Page(0, "raft").ToString());

        // Locks taken and released until the page has two samples with proposals between them in some group.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var traffic = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var name = $"browser/raft-metrics-{i}";
                var grant = await cluster.AcquireAsync(name, via: i % 3, cancellationToken: stop.Token);
                await cluster.SendJsonAsync(
                    HttpMethod.Post, $"/locks/{Uri.EscapeDataString(name)}/release", $"{{\"leaseId\":{grant.GetProperty("leaseId").GetUInt64()}}}", via: i % 3, stop.Token);
            }
        });
        try
        {
            await Expect(page.Locator(".group .commit-latency").Filter(new() { HasTextRegex = Milliseconds() }).First).ToBeVisibleAsync();
            await Expect(page.Locator(".group .proposal-rate").Filter(new() { HasTextRegex = PositiveNumber() }).First).ToBeVisibleAsync();
        }
        finally
        {
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => traffic);
        }

        // The leaders report what the page computed from: proposals committed, with their summed latency.
        using var http = cluster.Http(0);
        var status = await http.GetFromJsonAsync<JsonElement>(new Uri("/status", UriKind.Relative));
        var leaders = status.GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("replicas").EnumerateArray())
            .Where(r => r.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Object && s.GetProperty("role").GetString() == "Leader")
            .Select(r => r.GetProperty("status"))
            .ToList();
        Assert.Contains(leaders, l => l.GetProperty("proposalsCommitted").GetUInt64() > 0 && l.GetProperty("commitLatencyMsTotal").GetDouble() > 0);
        Assert.All(leaders, l => Assert.True(l.GetProperty("proposalsCommitted").GetUInt64() <= l.GetProperty("proposalsAccepted").GetUInt64()));
        await page.Context.CloseAsync();
    }

    [GeneratedRegex(@"\d ms")]
    private static partial Regex Milliseconds();

    [GeneratedRegex(@"^(?!0$)\d")]
    private static partial Regex PositiveNumber();
}
