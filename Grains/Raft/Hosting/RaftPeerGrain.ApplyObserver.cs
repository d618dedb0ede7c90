using Microsoft.Extensions.DependencyInjection;

namespace OrleansSync.Grains.Raft.Hosting;

/// <summary>The additive hook for <see cref="IRaftApplyObserver"/>: one call per applied batch, nothing when none is registered.</summary>
public sealed partial class RaftPeerGrain
{
    private IRaftApplyObserver? _applyObserver;
    private bool _applyObserverResolved;
    private bool _wasLeaderAtLastBatch;

    private void NotifyApplyObserver()
    {
        if (!_applyObserverResolved)
        {
            _applyObserver = ServiceProvider.GetService<IRaftApplyObserver>();
            _applyObserverResolved = true;
        }

        if (_applyObserver is null || InnerStateMachine is null)
        {
            return;
        }

        var isLeader = Node.Role == RaftRole.Leader;
        var becameLeader = isLeader && !_wasLeaderAtLastBatch;
        _wasLeaderAtLastBatch = isLeader;
        _applyObserver.AfterApply(new RaftApplyContext(_key.Group, _key.Replica, isLeader, becameLeader, InnerStateMachine));
    }
}
