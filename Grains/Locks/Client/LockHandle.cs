using OrleansSync.Grains.Interfaces.Locks;

namespace OrleansSync.Grains.Locks.Client;

/// <summary>
/// A held lock. Pass <see cref="FencingToken"/> with every write to the guarded resource (see
/// <see cref="FencedResource{T}"/>); watch <see cref="Lost"/>, which fires if the lease behind the
/// hold is lost. Disposing releases one hold.
/// </summary>
public sealed class LockHandle : IAsyncDisposable
{
    private readonly Func<LockHandle, Task> _release;
    private int _released;

    internal LockHandle(string name, LockMode mode, ulong leaseId, ulong fencingToken, CancellationToken lost, Func<LockHandle, Task> release)
    {
        Name = name;
        Mode = mode;
        LeaseId = leaseId;
        FencingToken = fencingToken;
        Lost = lost;
        _release = release;
    }

    public string Name { get; }

    public LockMode Mode { get; }

    public ulong LeaseId { get; }

    /// <summary>Strictly increasing per lock: a resource that saw a higher token must refuse this one.</summary>
    public ulong FencingToken { get; }

    /// <summary>Fires if the lease is lost; from then on the lock may be held by someone else.</summary>
    public CancellationToken Lost { get; }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            await _release(this);
        }
    }
}
