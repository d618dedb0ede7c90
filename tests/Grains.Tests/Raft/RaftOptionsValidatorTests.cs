using OrleansSync.Grains.Raft;

namespace OrleansSync.Grains.Tests.Raft;

public sealed class RaftOptionsValidatorTests
{
    public static TheoryData<string, Action<RaftOptions>> InvalidOptions => new()
    {
        { nameof(RaftOptions.HeartbeatIntervalTicks), o => o.HeartbeatIntervalTicks = 0 },
        { nameof(RaftOptions.ElectionTimeoutTicks), o => o.ElectionTimeoutTicks = 1 },
        { nameof(RaftOptions.ElectionTimeoutTicks), o => (o.HeartbeatIntervalTicks, o.ElectionTimeoutTicks) = (5, 9) },
        { nameof(RaftOptions.ElectionTimeoutTicks), o => o.ElectionTimeoutTicks = int.MaxValue },
        { nameof(RaftOptions.MaxEntryBytes), o => o.MaxEntryBytes = LogEntry.HeaderSizeBytes - 1 },
        { nameof(RaftOptions.MaxAppendBytes), o => o.MaxAppendBytes = o.MaxEntryBytes - 1 },
        { nameof(RaftOptions.MaxEntriesPerAppend), o => o.MaxEntriesPerAppend = 0 },
        { nameof(RaftOptions.MaxInflightAppends), o => o.MaxInflightAppends = 0 },
        { nameof(RaftOptions.MaxUncommittedEntries), o => o.MaxUncommittedEntries = 0 },
        { nameof(RaftOptions.MaxCommittedBytesPerReady), o => o.MaxCommittedBytesPerReady = 0 },
        { nameof(RaftOptions.SnapshotChunkBytes), o => o.SnapshotChunkBytes = 0 },
        { nameof(RaftOptions.MaxSnapshotBytes), o => o.MaxSnapshotBytes = o.SnapshotChunkBytes - 1 },
        { nameof(RaftOptions.MaxPendingReadIndexRequests), o => o.MaxPendingReadIndexRequests = 0 },
        { nameof(RaftOptions.MaxPromotionLagEntries), o => o.MaxPromotionLagEntries = -1 },
        { nameof(RaftOptions.MaxInMemoryLogEntries), o => o.MaxInMemoryLogEntries = o.MaxUncommittedEntries },
    };

    [Fact]
    public void Validate_Defaults_Pass() => RaftOptionsValidator.Validate(new RaftOptions());

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Validate_BrokenConstraint_ThrowsNamingTheOption(string option, Action<RaftOptions> breakIt)
    {
        var options = new RaftOptions();
        breakIt(options);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => RaftOptionsValidator.Validate(options));

        Assert.Equal(option, error.ParamName);
        Assert.Contains("RaftOptions." + option, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RaftNode_InvalidOptions_ThrowsAtConstruction()
    {
        var options = new RaftOptions { SnapshotChunkBytes = 0 };

        Assert.Throws<ArgumentOutOfRangeException>(() => new RaftNode(1, options, new Random(1), PersistedRaftState.Empty, new ClusterConfiguration([1])));
    }

    [Fact]
    public void RaftNode_ZeroId_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RaftNode(0, new RaftOptions(), new Random(1), PersistedRaftState.Empty, new ClusterConfiguration([1])));

    [Fact]
    public void RaftNode_OptionsChangedAfterConstruction_AreNotSeen()
    {
        var options = new RaftOptions { MaxEntryBytes = 100 };
        var node = new RaftNode(1, options, new Random(1), PersistedRaftState.Empty, new ClusterConfiguration([1]));
        node.Campaign();

        options.MaxEntryBytes = 1_000_000;

        Assert.Equal(RejectionReason.EntryTooLarge, node.Propose(new byte[500]).Reason);
    }
}
