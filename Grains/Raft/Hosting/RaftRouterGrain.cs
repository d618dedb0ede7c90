using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Runtime;
using OrleansSync.Runtime.Placement;

namespace OrleansSync.Grains.Raft.Hosting;

/// <summary>
/// The receiving end of <see cref="RaftMessageRouter"/>: one per silo (keyed by its endpoint), it
/// hands each batch of a routed call to its peer on this silo. Reentrant, so calls from several
/// silos fan out at once.
/// </summary>
[Reentrant]
[SiloPlacement]
public sealed partial class RaftRouterGrain : Grain, IRaftRouterGrain
{
    private readonly TimeSpan _timeout;
    private readonly ILogger<RaftRouterGrain> _logger;

    public RaftRouterGrain(IOptions<RaftPeerOptions> options, ILogger<RaftRouterGrain> logger)
    {
        _timeout = TimeSpan.FromMilliseconds(options.Value.ProposalTimeoutMs);
        _logger = logger;
    }

    /// <summary>
    /// Starts every delivery and returns: the sender's next call (one in flight per silo pair) need
    /// not wait for the slowest peer's turn. Each delivery observes its own failure.
    /// </summary>
    public Task Deliver(byte[] routed)
    {
        ArgumentNullException.ThrowIfNull(routed);
        _ = RaftMessageRouter.FanOutAsync(GrainFactory, RaftRoutedBatchCodec.Decode(routed), _timeout, OnDeliveryFailed);
        return Task.CompletedTask;
    }

    private void OnDeliveryFailed(RaftPeerKey destination, Exception exception) =>
        LogDeliveryFailed(destination.ToString(), exception.GetType().Name, exception.Message);
}
