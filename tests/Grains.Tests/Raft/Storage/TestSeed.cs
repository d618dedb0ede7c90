using System.Globalization;
using Xunit.Abstractions;

namespace OrleansSync.Grains.Tests.Raft.Storage;

/// <summary>Seeds for randomized tests: fixed by <c>ORLEANSSYNC_TEST_SEED</c> to reproduce a failure, otherwise fresh; always printed.</summary>
internal static class TestSeed
{
    public const string EnvironmentVariable = "ORLEANSSYNC_TEST_SEED";

    public static int Next(ITestOutputHelper output)
    {
        var text = Environment.GetEnvironmentVariable(EnvironmentVariable);
        var seed = int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var fixedSeed) ? fixedSeed : Environment.TickCount;
        output.WriteLine($"seed={seed} (reproduce with {EnvironmentVariable}={seed})");
        return seed;
    }
}
