using System.Runtime.CompilerServices;

namespace OrleansSync.Grains.Queues.Client;

/// <summary>
/// Orleans-style access to distributed queues: <c>await client.Queues().SendAsync("orders", new MessageToSend(body), ct);</c>
/// Each cluster client (or grain factory) gets one <see cref="DistributedQueueClient"/>, created on
/// first use and shared afterwards, so its group sessions are shared too.
/// </summary>
public static class QueueClientExtensions
{
    private static readonly ConditionalWeakTable<IGrainFactory, DistributedQueueClient> Clients = [];
    private static readonly Lock Gate = new();

    /// <summary>The queue client of this cluster client, created with default options on first use.</summary>
    public static DistributedQueueClient Queues(this IClusterClient client) => Queues((IGrainFactory)client, null);

    /// <summary>The queue client of this cluster client; <paramref name="options"/> apply if this call creates it.</summary>
    /// <exception cref="InvalidOperationException">It already exists with other options.</exception>
    public static DistributedQueueClient Queues(this IClusterClient client, DistributedQueueClientOptions options) => Queues((IGrainFactory)client, options);

    /// <summary>The queue client of this grain factory, created with default options on first use.</summary>
    public static DistributedQueueClient Queues(this IGrainFactory grains) => Queues(grains, null);

    /// <summary>The queue client of this grain factory; <paramref name="options"/> apply if this call creates it.</summary>
    /// <exception cref="InvalidOperationException">It already exists with other options.</exception>
    public static DistributedQueueClient Queues(this IGrainFactory grains, DistributedQueueClientOptions? options)
    {
        ArgumentNullException.ThrowIfNull(grains);
        lock (Gate)
        {
            if (Clients.TryGetValue(grains, out var existing) && !existing.IsDisposed)
            {
                return options is null || ReferenceEquals(options, existing.Options)
                    ? existing
                    : throw new InvalidOperationException("This client's queue client already exists with other options: pass options only on the first call to Queues().");
            }

            var created = new DistributedQueueClient(grains, options ?? new DistributedQueueClientOptions());
            Clients.AddOrUpdate(grains, created);
            return created;
        }
    }
}
