namespace OrleansSync.Grains.Raft.StateMachines;

/// <summary>The outcome of something keyed <paramref name="Key"/>, as the state machine encodes it.</summary>
public readonly record struct StateMachineNotification(ulong Key, byte[] Payload);
