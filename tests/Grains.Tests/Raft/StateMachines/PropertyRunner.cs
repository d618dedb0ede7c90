using FsCheck;
using Microsoft.FSharp.Core;
using OrleansSync.Grains.Tests.Raft.Storage;
using Xunit.Abstractions;

namespace OrleansSync.Grains.Tests.Raft.StateMachines;

/// <summary>Runs an FsCheck property with a printed, reproducible seed (set <c>ORLEANSSYNC_TEST_SEED</c> to replay).</summary>
internal static class PropertyRunner
{
    public static void Run(ITestOutputHelper output, Property property, int maxTest = 200)
    {
        var seed = (ulong)(uint)TestSeed.Next(output);
        var replay = new Replay(new Rnd(seed), FSharpOption<int>.None);
        var config = Config.QuickThrowOnFailure
            .WithMaxTest(maxTest)
            .WithQuietOnSuccess(true)
            .WithReplay(FSharpOption<Replay>.Some(replay));
        Check.One(config, property);
    }
}
