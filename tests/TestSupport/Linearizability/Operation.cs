namespace OrleansSync.TestSupport.Linearizability;

/// <summary>
/// One client operation in a recorded history. Times are logical (any monotonic counter).
/// A pending operation (<see cref="ReturnTime"/> is null) never returned: it may or may not have
/// taken effect, at any point after its call.
/// </summary>
/// <param name="ClientId">The client that issued the operation (for explanations only).</param>
/// <param name="Input">What the client asked for.</param>
/// <param name="Output">What the client was told; meaningless when the operation is pending.</param>
/// <param name="CallTime">When the client sent the request.</param>
/// <param name="ReturnTime">When the client received the answer; null if it never did.</param>
public sealed record Operation<TInput, TOutput>(int ClientId, TInput Input, TOutput? Output, long CallTime, long? ReturnTime)
{
    /// <summary>True when the operation never returned.</summary>
    public bool IsPending => ReturnTime is null;

    /// <summary>A completed operation.</summary>
    public static Operation<TInput, TOutput> Completed(int clientId, TInput input, TOutput output, long callTime, long returnTime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(returnTime, callTime);
        return new(clientId, input, output, callTime, returnTime);
    }

    /// <summary>An operation whose answer never arrived.</summary>
    public static Operation<TInput, TOutput> Pending(int clientId, TInput input, long callTime) =>
        new(clientId, input, default, callTime, null);
}
