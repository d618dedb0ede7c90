using System.Runtime.CompilerServices;

namespace OrleansSync.Grains.Locks.Client;

/// <summary>
/// Orleans-style access to distributed locks:
/// <c>await using var handle = await client.Locks().AcquireAsync("orders/42", LockMode.Exclusive, waitTimeout, ct);</c>
/// Each cluster client (or grain factory) gets one <see cref="DistributedLockClient"/>, created on
/// first use and shared afterwards, so its leases and sessions are shared too.
/// </summary>
public static class LockClientExtensions
{
    private static readonly ConditionalWeakTable<IGrainFactory, DistributedLockClient> Clients = [];
    private static readonly Lock Gate = new();

    /// <summary>The lock client of this cluster client, created with default options on first use.</summary>
    public static DistributedLockClient Locks(this IClusterClient client) => Locks((IGrainFactory)client, null);

    /// <summary>The lock client of this cluster client; <paramref name="options"/> apply if this call creates it.</summary>
    /// <exception cref="InvalidOperationException">It already exists with other options.</exception>
    public static DistributedLockClient Locks(this IClusterClient client, DistributedLockClientOptions options) => Locks((IGrainFactory)client, options);

    /// <summary>The lock client of this grain factory (inside a silo: a grain's <c>GrainFactory</c>), created with default options on first use.</summary>
    public static DistributedLockClient Locks(this IGrainFactory grains) => Locks(grains, null);

    /// <summary>The lock client of this grain factory; <paramref name="options"/> apply if this call creates it.</summary>
    /// <exception cref="InvalidOperationException">It already exists with other options.</exception>
    public static DistributedLockClient Locks(this IGrainFactory grains, DistributedLockClientOptions? options)
    {
        ArgumentNullException.ThrowIfNull(grains);
        lock (Gate)
        {
            if (Clients.TryGetValue(grains, out var existing) && !existing.IsDisposed)
            {
                return options is null || ReferenceEquals(options, existing.Options)
                    ? existing
                    : throw new InvalidOperationException("This client's lock client already exists with other options: pass options only on the first call to Locks().");
            }

            var created = new DistributedLockClient(grains, options ?? new DistributedLockClientOptions());
            Clients.AddOrUpdate(grains, created);
            return created;
        }
    }
}
