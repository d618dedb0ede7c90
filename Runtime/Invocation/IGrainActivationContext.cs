namespace OrleansSync.Runtime.Invocation;

/// <summary>What a generated grain factory uses to build a grain's constructor arguments.</summary>
public interface IGrainActivationContext
{
    GrainId GrainId { get; }

    T GetRequiredService<T>()
        where T : notnull;

    /// <summary>The state for a <see cref="PersistentStateAttribute"/> constructor parameter.</summary>
    IPersistentState<TState> GetPersistentState<TState>(string stateName, string storageName)
        where TState : new();
}
