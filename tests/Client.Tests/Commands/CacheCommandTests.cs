using OrleansSync.Client.Cli;
using OrleansSync.Client.Tests.Cluster;

namespace OrleansSync.Client.Tests.Commands;

/// <summary><c>cache get | set | delete | stat</c> against a three-silo cluster, through the near caches of two different silos.</summary>
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
}
