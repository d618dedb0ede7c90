using OrleansSync.Client.Cli;
using OrleansSync.Client.Tests.Cluster;

namespace OrleansSync.Client.Tests.Commands;

/// <summary><c>cache get | put | del | state | stats | stat</c> (and the aliases set, delete) against a three-silo cluster, through the near caches of two different silos.</summary>
public sealed class CacheCommandTests(CacheClusterFixture fixture) : IClassFixture<CacheClusterFixture>
{
    private readonly TestClusterConnector _connector = new(fixture.GrainFactory);

    [Fact]
    public async Task SetThroughOneSilo_GetThroughAnother_OverwriteThere_TheFirstSeesIt_DeleteThenNotFound()
    {
        var key = $"k-{Guid.NewGuid():N}";
        var (first, second) = (fixture.SiloIdentity(0), fixture.SiloIdentity(1));

        var set = await ClientRun.RunAsync(_connector, "--json", "cache", "set", key, "v1", "--silo", first);
        var got = await ClientRun.RunAsync(_connector, "cache", "get", key, "--silo", second);
        var overwrite = await ClientRun.RunAsync(_connector, "cache", "set", key, "v2", "--silo", second);
        var seen = await ClientRun.RunAsync(_connector, "--json", "cache", "get", key, "--silo", first);
        var deleted = await ClientRun.RunAsync(_connector, "cache", "delete", key, "--silo", first);
        var missing = await ClientRun.RunAsync(_connector, "--json", "cache", "get", key, "--silo", second);

        Assert.True(set.ExitCode == ExitCodes.Success, set.ToString());
        Assert.True(set.Json().GetProperty("version").GetUInt64() > 0);
        Assert.Equal("v1", got.Stdout.Trim());
        Assert.True(overwrite.ExitCode == ExitCodes.Success, overwrite.ToString());
        Assert.Equal("v2", seen.Json().GetProperty("value").GetString());
        Assert.True(deleted.ExitCode == ExitCodes.Success, deleted.ToString());
        Assert.Equal(ExitCodes.NotFound, missing.ExitCode);
        Assert.Equal(ErrorCodes.NotFound, missing.ErrorCode());
    }

    [Fact]
    public async Task Stat_Json_CountsTheHitsOfTheSilo()
    {
        var key = $"s-{Guid.NewGuid():N}";
        var silo = fixture.SiloIdentity(2);
        await ClientRun.RunAsync(_connector, "cache", "set", key, "x", "--silo", fixture.SiloIdentity(0));
        await ClientRun.RunAsync(_connector, "cache", "get", key, "--silo", silo);
        var before = (await ClientRun.RunAsync(_connector, "--json", "cache", "stat", "--silo", silo)).Json();
        await ClientRun.RunAsync(_connector, "cache", "get", key, "--silo", silo);
        var after = await ClientRun.RunAsync(_connector, "--json", "cache", "stat", "--silo", silo);

        Assert.True(after.ExitCode == ExitCodes.Success, after.ToString());
        Assert.Equal(silo, after.Json().GetProperty("silo").GetString());
        Assert.Equal(before.GetProperty("hits").GetInt64() + 1, after.Json().GetProperty("hits").GetInt64());
        Assert.True(after.Json().GetProperty("shared").GetInt32() >= 1);
    }
    [Fact]
    public async Task PutAndDel_AreTheIssuesNames_AndStateShowsTheCopies_NeverTwoInMOrE()
    {
        var key = $"p-{Guid.NewGuid():N}";
        var (first, second) = (fixture.SiloIdentity(0), fixture.SiloIdentity(1));

        var put = await ClientRun.RunAsync(_connector, "cache", "put", key, "v1", "--silo", first);
        await ClientRun.RunAsync(_connector, "cache", "get", key, "--silo", first);
        var afterRead = await ClientRun.RunAsync(_connector, "--json", "cache", "state", key);
        await ClientRun.RunAsync(_connector, "cache", "put", key, "v2", "--silo", second);
        var got = await ClientRun.RunAsync(_connector, "cache", "get", key, "--silo", first);
        var afterWrite = await ClientRun.RunAsync(_connector, "--json", "cache", "state", key);
        var human = await ClientRun.RunAsync(_connector, "cache", "state", key);
        var del = await ClientRun.RunAsync(_connector, "cache", "del", key, "--silo", first);

        Assert.True(put.ExitCode == ExitCodes.Success, put.ToString());
        Assert.Equal("v2", got.Stdout.Trim());
        Assert.True(del.ExitCode == ExitCodes.Success, del.ToString());
        Assert.True(human.ExitCode == ExitCodes.Success, human.ToString());
        Assert.Contains("sharers", human.Stdout, StringComparison.Ordinal);

        var readState = StatesByAddress(afterRead.Json());
        Assert.Contains(readState[first], new[] { "S", "E", "M" });
        Assert.Equal(key, afterRead.Json().GetProperty("key").GetString());
        var writeState = StatesByAddress(afterWrite.Json());
        Assert.True(writeState.Values.Count(s => s is "M" or "E") <= 1, afterWrite.ToString());
        Assert.Equal("S", writeState[first]);
        Assert.Equal(3, writeState.Count);
    }

    [Fact]
    public async Task Stats_Json_ListsEveryActiveSilo_WithLinesByState()
    {
        var key = $"c-{Guid.NewGuid():N}";
        await ClientRun.RunAsync(_connector, "cache", "put", key, "x", "--silo", fixture.SiloIdentity(1));

        var stats = await ClientRun.RunAsync(_connector, "--json", "cache", "stats");
        var human = await ClientRun.RunAsync(_connector, "cache", "stats");

        Assert.True(stats.ExitCode == ExitCodes.Success, stats.ToString());
        var silos = stats.Json().GetProperty("silos").EnumerateArray().ToList();
        Assert.Equal(
            [.. Enumerable.Range(0, 3).Select(fixture.SiloIdentity).Order(StringComparer.Ordinal)],
            [.. silos.Select(s => s.GetProperty("address").GetString()!).Order(StringComparer.Ordinal)]);
        var writer = silos.Single(s => s.GetProperty("address").GetString() == fixture.SiloIdentity(1));
        Assert.True(writer.GetProperty("lines").GetProperty("E").GetInt32() >= 1, writer.ToString());
        Assert.True(human.ExitCode == ExitCodes.Success, human.ToString());
    }

    [Fact]
    public async Task BenchCache_Json_ReadsAndWritesThroughEverySilo()
    {
        var run = await ClientRun.RunAsync(_connector, "--json", "bench", "cache", "--seconds", "3", "--clients", "3", "--keys", "5", "--write-percent", "20", "--seed", "7");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var result = run.Json();
        Assert.Equal((3, 3, 5, 20, 7), (result.GetProperty("clients").GetInt32(), result.GetProperty("silos").GetInt32(), result.GetProperty("keys").GetInt32(), result.GetProperty("writePercent").GetInt32(), result.GetProperty("seed").GetInt32()));
        var (reads, hits, writes) = (result.GetProperty("reads").GetInt64(), result.GetProperty("hits").GetInt64(), result.GetProperty("writes").GetInt64());
        Assert.True(reads + writes > 0, run.ToString());
        Assert.InRange(hits, 0, reads);
    }

    [Fact]
    public async Task BenchCache_RejectsAWritePercentAbove100()
    {
        var run = await ClientRun.RunAsync(_connector, "bench", "cache", "--write-percent", "101");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
    }

    private static Dictionary<string, string> StatesByAddress(System.Text.Json.JsonElement state) =>
        state.GetProperty("silos").EnumerateArray().ToDictionary(s => s.GetProperty("address").GetString()!, s => s.GetProperty("state").GetString()!);
}
