namespace OrleansSync.Grains.Raft;

/// <summary>The leader's view of one member's log (etcd's tracker.Progress).</summary>
internal sealed class Progress
{
    public Progress(ulong next, int maxInflight)
    {
        Next = next;
        Inflights = new Inflights(maxInflight);
    }

    /// <summary>Highest index known to match the leader's log.</summary>
    public ulong Match { get; set; }

    /// <summary>Next index to send.</summary>
    public ulong Next { get; set; }

    public ProgressState State { get; private set; } = ProgressState.Probe;

    /// <summary>In Probe: an append was sent and not answered yet (cleared by any answer or heartbeat response).</summary>
    public bool ProbeSent { get; set; }

    /// <summary>Heard from since the last CheckQuorum.</summary>
    public bool RecentActive { get; set; }

    public Inflights Inflights { get; }

    /// <summary>
    /// In Snapshot: the snapshot being streamed. It is kept even if the host compacts again, so that
    /// frequent compaction cannot restart a long transfer for ever.
    /// </summary>
    public RaftSnapshot? Snapshot { get; private set; }

    public ulong SnapshotIndex => Snapshot?.Index ?? 0;

    public ulong SnapshotTerm => Snapshot?.Term ?? 0;

    /// <summary>In Snapshot: bytes the follower acknowledged.</summary>
    public int SnapshotOffset { get; set; }

    /// <summary>In Snapshot: an acknowledgement advanced the transfer since the last heartbeat response (no retransmit needed).</summary>
    public bool SnapshotAdvancedSinceHeartbeat { get; set; }

    /// <summary>Highest ReadIndex round the member acknowledged in this term.</summary>
    public ulong ReadRoundAcked { get; set; }

    /// <summary>No more appends until something is heard back.</summary>
    public bool IsPaused => State switch
    {
        ProgressState.Probe => ProbeSent,
        ProgressState.Replicate => Inflights.IsFull,
        _ => true,
    };

    public void BecomeProbe()
    {
        // After a snapshot the follower holds at least the snapshot: probe just past it.
        Next = State == ProgressState.Snapshot ? Math.Max(Match, SnapshotIndex) + 1 : Match + 1;
        State = ProgressState.Probe;
        ProbeSent = false;
        Inflights.Clear();
        Snapshot = null;
        SnapshotOffset = 0;
    }

    public void BecomeReplicate()
    {
        State = ProgressState.Replicate;
        Next = Match + 1;
        ProbeSent = false;
        Inflights.Clear();
    }

    public void BecomeSnapshot(RaftSnapshot snapshot)
    {
        State = ProgressState.Snapshot;
        ProbeSent = false;
        Inflights.Clear();
        Snapshot = snapshot;
        SnapshotOffset = 0;
        SnapshotAdvancedSinceHeartbeat = false;
    }

    /// <summary>A successful append response: returns false if it is stale (already known).</summary>
    public bool MaybeUpdate(ulong matchIndex)
    {
        var updated = false;
        if (Match < matchIndex)
        {
            Match = matchIndex;
            updated = true;
            ProbeSent = false;
        }

        Next = Math.Max(Next, matchIndex + 1);
        return updated;
    }

    /// <summary>
    /// A rejected append: move Next back to <paramref name="probeIndex"/> (from the conflict hints).
    /// Returns false if the rejection is stale.
    /// </summary>
    public bool MaybeDecrementTo(ulong rejectedPrevLogIndex, ulong probeIndex)
    {
        if (State == ProgressState.Replicate)
        {
            // Rejections of indexes at or below Match are stale (a reordered older message).
            if (rejectedPrevLogIndex <= Match)
            {
                return false;
            }

            BecomeProbe();
            Next = Math.Max(Match + 1, Math.Min(probeIndex, rejectedPrevLogIndex));
            return true;
        }

        // In Probe only the answer to the outstanding probe (Next - 1) counts.
        if (Next == 0 || Next - 1 != rejectedPrevLogIndex)
        {
            return false;
        }

        Next = Math.Max(Match + 1, Math.Min(probeIndex, rejectedPrevLogIndex));
        ProbeSent = false;
        return true;
    }

    /// <summary>An append was sent; <paramref name="entryCount"/> entries ending at <paramref name="lastIndex"/>.</summary>
    public void SentAppend(int entryCount, ulong lastIndex)
    {
        RaftAssert.That(State != ProgressState.Snapshot, "no append is sent to a follower receiving a snapshot");
        if (State == ProgressState.Probe)
        {
            ProbeSent = true;
        }
        else if (entryCount > 0)
        {
            Next = lastIndex + 1;
            Inflights.Add(lastIndex);
        }
    }
}
