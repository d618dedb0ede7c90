using OrleansSync.Grains.Raft;

namespace OrleansSync.Grains.Tests.Raft;

public sealed class RaftAssertTests
{
    [Fact]
    public void That_False_ThrowsWithTheFormattedInvariant()
    {
        var index = 7;

        var error = Assert.Throws<RaftInvariantViolationException>(() => RaftAssert.That(false, $"entry {index} is in memory"));

        Assert.Equal("Raft invariant violated: entry 7 is in memory", error.Message);
    }

    [Fact]
    public void That_True_DoesNotEvaluateTheMessage()
    {
        var evaluations = 0;
        int Evaluate() => ++evaluations;

        RaftAssert.That(true, $"never formatted {Evaluate()}");

        Assert.Equal(0, evaluations);
    }
}
