using OrleansSync.Grains.Hosting;
using OrleansSync.Silo.Status;

namespace OrleansSync.Silo.Hosting;

/// <summary>
/// The silos of this process: starts them one after the other (embedded clustering shares one
/// membership table between them, with no primary silo), waits for the Raft groups to elect leaders, and
/// stops them in reverse order.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private readonly SiloHostOptions _options;
    private readonly IConfiguration _configuration;
    private readonly List<SiloNode> _nodes = [];
    private readonly SharedMembershipTable? _sharedTable;

    public SiloProcess(SiloHostOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        _options = options;
        _configuration = configuration;
        _sharedTable = options.Clustering == ClusteringMode.Embedded ? new SharedMembershipTable() : null;
    }

    public IReadOnlyList<SiloNode> Nodes => _nodes;

    /// <summary>Starts the silos one after the other.</summary>
    /// <exception cref="SiloStartException">A silo could not start (the ones before it keep running: stop them).</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_options.DataDirectory);
        for (var i = 0; i < _options.SiloCount; i++)
        {
            var node = SiloNode.Create(_options, i, _configuration, _sharedTable);
            try
            {
                await node.StartAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                await node.DisposeAsync();
                var cause = exception.GetBaseException() is { } root && root != exception ? $"{exception.Message} ({root.Message})" : exception.Message;
                throw new SiloStartException($"silo {i} ({node.Name}) could not start: {cause}", exception);
            }

            _nodes.Add(node);
        }
    }

    /// <summary>
    /// Once the cluster has formed (<see cref="RaftClusterFormation"/>), reads the groups' status
    /// through the first silo until every group has a leader (reading activates the replicas), or
    /// <paramref name="timeout"/> passes; returns the leaderless groups.
    /// </summary>
    public async Task<IReadOnlyList<int>> WaitForLeadersAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var reader = _nodes[0].Services.GetRequiredService<RaftStatusReader>();
        IReadOnlyList<int> leaderless = [.. Enumerable.Range(0, _options.Groups)];

        // Not before the cluster has R silos: this first read births the replicas, and the first
        // silo process of a Redis-form cluster is alone for a while (it would birth them all on itself).
        await _nodes[0].Services.GetRequiredService<RaftClusterFormation>().WaitAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var groups = await reader.ReadGroupsAsync(deadline.Token);
                leaderless = [.. groups.Where(g => g.LeaderReplica is null).Select(g => g.Group)];
                if (leaderless.Count == 0)
                {
                    return leaderless;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return leaderless;
        }
    }

    /// <summary>Stops the started silos gracefully, last started first.</summary>
    public async Task StopAsync()
    {
        foreach (var node in Enumerable.Reverse(_nodes))
        {
            await node.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Enumerable.Reverse(_nodes))
        {
            await node.DisposeAsync();
        }

        _nodes.Clear();
    }
}
