using OrleansSync.Silo.Hosting;

namespace OrleansSync.Silo.Tests;

public sealed class SiloHostOptionsValidatorTests
{
    [Fact]
    public void Defaults_AreValid_AndEmbeddedRunsThreeSilos()
    {
        var options = new SiloHostOptions();
        Assert.True(new SiloHostOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(3, options.SiloCount);
        Assert.Equal(["silo-0", "silo-1", "silo-2"], Enumerable.Range(0, 3).Select(options.SiloNameOf));
    }

    [Fact]
    public void RedisClustering_DefaultsToOneSiloPerProcess_NamedByMachineAndPort()
    {
        var options = new SiloHostOptions { Clustering = ClusteringMode.Redis, SiloPort = 11115 };
        Assert.Equal(1, options.SiloCount);
        Assert.EndsWith("-11115", options.SiloNameOf(0), StringComparison.Ordinal);
        options.Name = "east";
        Assert.Equal("east", options.SiloNameOf(0));
    }

    [Fact]
    public void Ports_OfSiloI_AreBasePlusI_OrFreeWhenZero()
    {
        Assert.Equal(11113, SiloHostOptions.PortOf(11111, 2));
        Assert.Equal(0, SiloHostOptions.PortOf(0, 2));
    }

    private static readonly Dictionary<string, (Action<SiloHostOptions> Change, string Expected)> Cases = new()
    {
        ["silos 0"] = (o => o.Silos = 0, "--silos must be 1 to 9"),
        ["silos 10"] = (o => o.Silos = 10, "--silos must be 1 to 9"),
        ["unknown clustering"] = (o => o.Clustering = (ClusteringMode)7, "--clustering must be embedded or redis"),
        ["negative http port"] = (o => o.HttpPort = -1, "--http-port must be 0"),
        ["silo ports past 65535"] = (o => o.SiloPort = 65_534, "--silo-port must be 0 (free ports) or 1 to 65533 for 3 silo(s)"),
        ["gateway ports overlap silo ports"] = (o => o.GatewayPort = 11_112, "Port 11112 is used twice (--silo-port and --gateway-port)"),
        ["listen address not an IP"] = (o => o.ListenAddress = "localhost", "--listen-address must be an IP address"),
        ["advertised host with free port"] = (o => (o.AdvertisedHost, o.HttpPort) = ("10.0.0.1", 0), "--http-port cannot be 0 (a free port) together with --advertised-host"),
        ["advertised host with port"] = (o => o.AdvertisedHost = "10.0.0.1:11111", "--advertised-host must be an IP address"),
        ["blank data dir"] = (o => o.DataDirectory = " ", "--data-dir must name a directory"),
        ["groups 0"] = (o => o.Groups = 0, "--groups must be 1 to 1024"),
        ["even replicas"] = (o => o.Replicas = 2, "--replicas must be odd"),
        ["bad redis endpoint"] = (o => (o.Clustering, o.Redis) = (ClusteringMode.Redis, "redis:notaport"), "--redis must be host:port"),
        ["short shared secret"] = (o => o.SharedSecret = "short", "--shared-secret must be at least 16 characters"),
        ["empty cluster id"] = (o => o.ClusterId = string.Empty, "--cluster-id must be"),
        ["name with space"] = (o => o.Name = "has space", "--name must be 1 to 64"),
        ["no cache stream queue"] = (o => o.CacheStreamQueues = 0, "--cache-stream-queues must be 1 to 64"),
        ["cache stream poll too slow"] = (o => o.CacheStreamPollMs = 1_001, "--cache-stream-poll-ms must be 1 to 1000"),
        ["status refresh too fast"] = (o => o.StatusRefreshIntervalMs = 10, "StatusRefreshIntervalMs must be 100 to 60000"),
    };

    public static TheoryData<string> InvalidCases => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void InvalidOption_FailsWithAMessageNamingItsSwitch(string invalidCase)
    {
        var (change, expected) = Cases[invalidCase];
        var options = new SiloHostOptions();
        change(options);
        var result = new SiloHostOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, failure => failure.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void SeveralProblems_AreAllReported()
    {
        var options = new SiloHostOptions { Silos = 0, Groups = 0, SharedSecret = "x" };
        Assert.Equal(3, new SiloHostOptionsValidator().Validate(null, options).Failures!.Count());
    }
}
