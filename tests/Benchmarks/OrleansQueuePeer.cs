using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OrleansSync.Grains.Queues;
using OrleansSync.Grains.Queues.Client;
using OrleansSync.Grains.Security;

namespace OrleansSync.Benchmarks;

/// <summary>
/// Ours through the Orleans client: one client host on the silos' gateways and one
/// <see cref="DistributedQueueClient"/> shared by the workers (as <c>bench queue</c> does). A send
/// returns once committed on a majority with fsync; consumers receive up to 10 and ack them with
/// one batch ack per partition (committed before it answers), so one commit per receive, not per message.
/// </summary>
internal sealed class OrleansQueuePeer : IQueuePeer
{
    private static readonly byte[] Body = new byte[QueuePeerBenchmark.BodyBytes];
    private static readonly TimeSpan ReceiveWait = TimeSpan.FromSeconds(1);
    private readonly IHost _host;
    private readonly DistributedQueueClient _queues;
    private readonly int _partitions;

    private OrleansQueuePeer(IHost host, QueuePeerOptions options)
    {
        _host = host;
        _partitions = options.Partitions;
        _queues = new DistributedQueueClient(
            host.Services.GetRequiredService<IClusterClient>(),
            new DistributedQueueClientOptions { GroupCount = options.Groups, ReplicaCount = 3, SessionsPerGroup = options.SessionsPerGroup });
    }

    public string Name => "ours-client";

    public static async Task<OrleansQueuePeer> ConnectAsync(QueuePeerOptions options, CancellationToken cancellationToken)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering([.. options.Gateways]);
            client.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ClusterId;
            });
            client.UseSharedSecret(new SharedSecretOptions { Secret = options.SharedSecret });
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return new OrleansQueuePeer(host, options);
    }

    public Task CreateQueueAsync(string queue, CancellationToken cancellationToken) =>
        _queues.CreateQueueAsync(queue, new QueueOptions { Partitions = _partitions }, cancellationToken);

    public Task DeleteQueueAsync(string queue, CancellationToken cancellationToken) => _queues.DeleteQueueAsync(queue, cancellationToken);

    public Task<IReadOnlyList<Func<CancellationToken, Task>>> OpenPublishersAsync(string queue, int count, CancellationToken cancellationToken)
    {
        IReadOnlyList<Func<CancellationToken, Task>> publishers =
            [.. Enumerable.Range(0, count).Select(_ => (Func<CancellationToken, Task>)(ct => _queues.SendAsync(queue, new MessageToSend(Body), ct)))];
        return Task.FromResult(publishers);
    }

    public Task ClosePublishersAsync() => Task.CompletedTask;

    public async Task<(long Acked, TimeSpan Elapsed)> ConsumeAsync(string queue, int consumers, long messages, TimeSpan window, CancellationToken cancellationToken)
    {
        long acked = 0;
        long finished = 0;
        var started = Stopwatch.GetTimestamp();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(window);
        async Task ConsumeOneAsync()
        {
            while (!stop.IsCancellationRequested && Interlocked.Read(ref acked) < messages)
            {
                var received = await _queues.ReceiveAsync(queue, QueueTable.MaxReceiveMessages, null, ReceiveWait, stop.Token);
                var outcomes = received.Count > 0 ? await _queues.AckBatchAsync(queue, [.. received.Select(m => m.Receipt)], stop.Token) : [];

                // Only acks that took count (a stale receipt's message comes back and is counted when acked later).
                if (Interlocked.Add(ref acked, outcomes.Count(o => o == QueueErrorCode.None)) >= messages)
                {
                    Interlocked.CompareExchange(ref finished, Stopwatch.GetTimestamp(), 0);
                    await stop.CancelAsync();
                }
            }
        }

        try
        {
            await Task.WhenAll(Enumerable.Range(0, consumers).Select(_ => Task.Run(ConsumeOneAsync, CancellationToken.None)));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // the target was reached or the window ended
        }

        var end = Interlocked.Read(ref finished) is > 0 and var at ? at : Stopwatch.GetTimestamp();
        return (Math.Min(Interlocked.Read(ref acked), messages), Stopwatch.GetElapsedTime(started, end));
    }

    public async ValueTask DisposeAsync()
    {
        await _queues.DisposeAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _host.StopAsync(timeout.Token);
        _host.Dispose();
    }
}
