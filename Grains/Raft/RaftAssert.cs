using System.Runtime.CompilerServices;

namespace OrleansSync.Grains.Raft;

/// <summary>
/// Invariant checks on the consensus paths. They stay on in production: a broken invariant means
/// the node can no longer be trusted, so it stops with <see cref="RaftInvariantViolationException"/>
/// rather than corrupt the replicated log.
/// </summary>
internal static class RaftAssert
{
    public static void That(bool condition, string invariant)
    {
        if (!condition)
        {
            throw new RaftInvariantViolationException(invariant);
        }
    }

    /// <summary>The interpolated message is only formatted when <paramref name="condition"/> is false.</summary>
    public static void That(bool condition, [InterpolatedStringHandlerArgument(nameof(condition))] ref RaftAssertMessageHandler invariant)
    {
        if (!condition)
        {
            throw new RaftInvariantViolationException(invariant.ToStringAndClear());
        }
    }
}
