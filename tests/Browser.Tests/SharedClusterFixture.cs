namespace OrleansSync.Browser.Tests;

/// <summary>One cluster and one browser for the tests that leave the cluster as they found it (no silo stopped).</summary>
public sealed class SharedClusterFixture : IAsyncLifetime
{
    private BrowserCluster? _cluster;
    private Chromium? _chromium;

    internal BrowserCluster Cluster => _cluster ?? throw new InvalidOperationException("Not started.");

    internal Chromium Chromium => _chromium ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _chromium = await Chromium.LaunchAsync();
        _cluster = await BrowserCluster.StartAsync();
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
