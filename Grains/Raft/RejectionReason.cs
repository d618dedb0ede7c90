namespace OrleansSync.Grains.Raft;

/// <summary>Why a node refused a proposal, read, configuration change or leadership transfer.</summary>
public enum RejectionReason
{
    /// <summary>Not rejected.</summary>
    None = 0,

    /// <summary>Only the leader accepts this; see the result's leader hint.</summary>
    NotLeader,

    /// <summary>No leader is known, so a read cannot be forwarded.</summary>
    NoLeader,

    /// <summary>The entry exceeds <see cref="RaftOptions.MaxEntryBytes"/>.</summary>
    EntryTooLarge,

    /// <summary>A leadership transfer is in progress; retry at the new leader.</summary>
    TransferInProgress,

    /// <summary>The leader already holds <see cref="RaftOptions.MaxUncommittedEntries"/> uncommitted entries.</summary>
    TooManyUncommittedEntries,

    /// <summary>The in-memory log reached <see cref="RaftOptions.MaxInMemoryLogEntries"/>; the host must compact.</summary>
    LogFull,

    /// <summary>The leader already holds <see cref="RaftOptions.MaxPendingReadIndexRequests"/> reads.</summary>
    TooManyPendingReads,

    /// <summary>A configuration change is appended but not committed yet (one change at a time).</summary>
    ConfigurationChangePending,

    /// <summary>The new leader has not committed an entry of its term yet; retry shortly.</summary>
    LeaderNotReady,

    /// <summary>The change does not fit the configuration (already a member, not a learner, unknown node...).</summary>
    InvalidConfigurationChange,

    /// <summary>The learner lags by more than <see cref="RaftOptions.MaxPromotionLagEntries"/>.</summary>
    LearnerNotCaughtUp,

    /// <summary>The leader cannot remove itself; transfer leadership first.</summary>
    CannotRemoveLeader,

    /// <summary>The transfer target is this node, or not a voter.</summary>
    InvalidTransferTarget,
}
