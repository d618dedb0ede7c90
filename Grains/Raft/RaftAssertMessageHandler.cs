using System.Runtime.CompilerServices;

namespace OrleansSync.Grains.Raft;

/// <summary>
/// Builds a <see cref="RaftAssert"/> message only when the assertion fails, so that assertions on
/// the hot path (every entry lookup) cost a branch, not a string format.
/// </summary>
[InterpolatedStringHandler]
internal ref struct RaftAssertMessageHandler
{
    private DefaultInterpolatedStringHandler _builder;

    public RaftAssertMessageHandler(int literalLength, int formattedCount, bool condition, out bool shouldAppend)
    {
        shouldAppend = !condition;
        _builder = shouldAppend ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
    }

    public void AppendLiteral(string value) => _builder.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => _builder.AppendFormatted(value);

    public string ToStringAndClear() => _builder.ToStringAndClear();
}
