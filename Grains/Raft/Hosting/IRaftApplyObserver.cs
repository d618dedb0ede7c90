namespace OrleansSync.Grains.Raft.Hosting;

/// <summary>
/// An optional silo service that sees a peer's state machine after every batch the peer applies,
/// on the peer's own turn: the way a primitive whose commands have effects outside the group (the
/// cache directory's invalidations) gets them out, without the Raft host knowing the primitive.
/// </summary>
/// <remarks>
/// Called synchronously inside the peer's turn, so it must not block: start sends and observe
/// them off the turn. It runs on every replica (a follower must still drain what its state
/// machine produced), and <see cref="RaftApplyContext.IsLeader"/> says whether to act.
/// </remarks>
public interface IRaftApplyObserver
{
    void AfterApply(RaftApplyContext context);
}
