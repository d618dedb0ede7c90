namespace OrleansSync.Benchmarks;

/// <summary>
/// One system under the peer benchmark's generator: etcd over its JSON gateway, or ours over HTTP
/// or through the Orleans client. A worker is one client with its own connection state (an etcd
/// lease, a <c>DistributedLockClient</c>); a pair is one acquire plus one release of an exclusive lock.
/// </summary>
internal interface ILockPeer : IAsyncDisposable
{
    /// <summary>Short name printed in the results (e.g. <c>etcd</c>).</summary>
    string Name { get; }

    /// <summary>Opens worker <paramref name="index"/>; the returned function runs one pair on a lock name.</summary>
    Task<Func<string, CancellationToken, Task>> OpenWorkerAsync(int index, CancellationToken cancellationToken);

    /// <summary>Closes what the workers opened (leases, clients).</summary>
    Task CloseWorkersAsync();
}
