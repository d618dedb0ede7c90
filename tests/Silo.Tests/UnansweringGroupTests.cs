using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Grains.Locks.Client;
using OrleansSync.Silo.Api;

namespace OrleansSync.Silo.Tests;

/// <summary>
/// The HTTP API's bound on an acquire: a group that never answers (electing, unreachable) makes
/// the request fail as unavailable after <c>waitMs</c> + <see cref="LockApiLimits.WaitGraceMs"/>;
/// it must never be reported as "not granted", which would claim the lock is held.
/// </summary>
public sealed class UnansweringGroupTests
{
    [Fact]
    public async Task Acquire_OnAGroupThatNeverAnswers_IsATimeout_NotANotGranted()
    {
        await using var client = new DistributedLockClient(new SilentGroups(), new DistributedLockClientOptions { GroupCount = 1, ReplicaCount = 3 });

        var error = await Assert.ThrowsAsync<TimeoutException>(() =>
            LockApi.AcquireWithinAsync(client, "demo", LockMode.Exclusive, ttlMs: 30_000, waitMs: 0, tryOnly: false, CancellationToken.None));

        Assert.Contains("'demo'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{LockApiLimits.WaitGraceMs} ms", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Every Raft peer of every group takes calls and never answers them.</summary>
    private sealed class SilentGroups : IRaftPeerResolver
    {
        public IRaftPeerGrain Peer(int group, int replica) => new SilentPeer();

        private sealed class SilentPeer : IRaftPeerGrain
        {
            private static readonly Task<RaftCallOutcome> Never = new TaskCompletionSource<RaftCallOutcome>().Task;

            public Task<RaftDeliveryResult> Deliver(byte[] messages, SiloAddress sender) => Task.FromResult(RaftDeliveryResult.Accepted);

            public Task<RaftCallOutcome> Propose(byte[] command) => Never;

            public Task<RaftCallOutcome> Read(byte[] query) => Never;

            public Task<RaftCallOutcome> WaitForOutcome(ulong key, int timeoutMs, CancellationToken cancellationToken) => Never;

            public Task<RaftPeerStatus> GetStatus() => new TaskCompletionSource<RaftPeerStatus>().Task;

            public Task NotifyRemoved(int[] members) => Task.CompletedTask;
        }
    }
}
