namespace OrleansSync.Grains.Raft;

/// <summary>The single-server membership changes a leader accepts.</summary>
public enum ConfigurationChangeKind
{
    /// <summary>Add a node that receives the log but does not vote.</summary>
    AddLearner = 1,

    /// <summary>Make a caught-up learner a voter.</summary>
    PromoteLearner = 2,

    /// <summary>Remove a voter or learner (not the leader itself).</summary>
    RemoveNode = 3,
}
