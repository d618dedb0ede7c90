namespace OrleansSync.Grains.Raft;

/// <summary>One single-server membership change.</summary>
public readonly record struct ConfigurationChange(ConfigurationChangeKind Kind, ulong Node);
