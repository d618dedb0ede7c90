using System.Globalization;
using FsCheck;
using Microsoft.FSharp.Core;
using Xunit.Abstractions;

namespace OrleansSync.Runtime.Tests.Redis;

/// <summary>
/// Runs an FsCheck property from a seed that is printed first, so any failure is reproducible:
/// set <c>REDIS_TEST_SEED</c> to the printed value to replay the same cases.
/// </summary>
internal static class SeededProperty
{
    public const string SeedVariable = "REDIS_TEST_SEED";

    public static void Check(ITestOutputHelper output, Property property, int maxTests = 300)
    {
        var seed = Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } text
            ? ulong.Parse(text, CultureInfo.InvariantCulture)
            : (ulong)Random.Shared.NextInt64(1, long.MaxValue);
        output.WriteLine($"FsCheck seed={seed} (reproduce with {SeedVariable}={seed})");
        var config = Config.QuickThrowOnFailure
            .WithMaxTest(maxTests)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed), FSharpOption<int>.None)));
        try
        {
            FsCheck.Check.One(config, property);
        }
        catch (Exception exception)
        {
            throw new InvalidOperationException($"property failed; reproduce with {SeedVariable}={seed}\n{exception.Message}", exception);
        }
    }
}
