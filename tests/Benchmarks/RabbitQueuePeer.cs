using System.Diagnostics;
using System.Net;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace OrleansSync.Benchmarks;

/// <summary>
/// RabbitMQ through <c>RabbitMQ.Client</c>: a quorum queue (<c>x-queue-type: quorum</c>, one Raft
/// group over the 3 nodes), publishers with publisher confirms (each publish awaits its confirm),
/// consumers with manual acks and a prefetch of 10 (as our receive takes up to 10). Each publisher
/// and consumer has a connection of its own, spread round-robin over the nodes, as our workers
/// share gateways.
/// </summary>
internal sealed class RabbitQueuePeer(IReadOnlyList<IPEndPoint> nodes) : IQueuePeer
{
    private const ushort Prefetch = 10;
    private static readonly ReadOnlyMemory<byte> Body = new byte[QueuePeerBenchmark.BodyBytes];
    private static readonly BasicProperties Persistent = new() { Persistent = true };
    private readonly List<IConnection> _publishers = [];

    public string Name => "rabbitmq";

    public async Task CreateQueueAsync(string queue, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(0, cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: cancellationToken);
    }

    public async Task DeleteQueueAsync(string queue, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(0, cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false, cancellationToken: cancellationToken);
    }

    public async Task<IReadOnlyList<Func<CancellationToken, Task>>> OpenPublishersAsync(string queue, int count, CancellationToken cancellationToken)
    {
        var publishers = new List<Func<CancellationToken, Task>>(count);
        for (var i = 0; i < count; i++)
        {
            var connection = await ConnectAsync(i, cancellationToken);
            _publishers.Add(connection);
            // With confirmation tracking, BasicPublishAsync returns once the broker confirmed (quorum: a majority has it).
            var channel = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
            publishers.Add(async ct => await channel.BasicPublishAsync(string.Empty, queue, mandatory: true, Persistent, Body, ct));
        }

        return publishers;
    }

    public async Task ClosePublishersAsync()
    {
        foreach (var connection in _publishers)
        {
            await connection.CloseAsync();
            await connection.DisposeAsync();
        }

        _publishers.Clear();
    }

    public async Task<(long Acked, TimeSpan Elapsed)> ConsumeAsync(string queue, int consumers, long messages, TimeSpan window, CancellationToken cancellationToken)
    {
        long acked = 0;
        long finished = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var connections = new List<IConnection>(consumers);
        var channels = new List<IChannel>(consumers);
        try
        {
            for (var i = 0; i < consumers; i++)
            {
                var connection = await ConnectAsync(i, cancellationToken);
                connections.Add(connection);
                var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
                await channel.BasicQosAsync(0, Prefetch, global: false, cancellationToken);
                channels.Add(channel);
            }

            var started = Stopwatch.GetTimestamp();
            foreach (var channel in channels)
            {
                var consumer = new AsyncEventingBasicConsumer(channel);
                consumer.ReceivedAsync += async (_, delivery) =>
                {
                    if (Interlocked.Read(ref acked) >= messages)
                    {
                        return; // past the target: left unacked, requeued when the channel closes
                    }

                    await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, cancellationToken);
                    if (Interlocked.Increment(ref acked) == messages)
                    {
                        Interlocked.Exchange(ref finished, Stopwatch.GetTimestamp());
                        done.TrySetResult();
                    }
                };
                await channel.BasicConsumeAsync(queue, autoAck: false, consumer, cancellationToken);
            }

            await Task.WhenAny(done.Task, Task.Delay(window, cancellationToken));
            var end = Interlocked.Read(ref finished) is > 0 and var at ? at : Stopwatch.GetTimestamp();
            return (Math.Min(Interlocked.Read(ref acked), messages), Stopwatch.GetElapsedTime(started, end));
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.CloseAsync(CancellationToken.None);
                await connection.DisposeAsync();
            }
        }
    }

    public ValueTask DisposeAsync() => new(ClosePublishersAsync());

    private Task<IConnection> ConnectAsync(int index, CancellationToken cancellationToken)
    {
        var node = nodes[index % nodes.Count];
        var factory = new ConnectionFactory { HostName = node.Address.ToString(), Port = node.Port, UserName = "guest", Password = "guest" };
        return factory.CreateConnectionAsync($"queue-bench-{index}", cancellationToken);
    }
}
