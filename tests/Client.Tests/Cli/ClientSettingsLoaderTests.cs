using OrleansSync.Client.Cli;
using OrleansSync.Client.Connection;

namespace OrleansSync.Client.Tests.Cli;

public sealed class ClientSettingsLoaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("orleanssync-client-settings-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Defaults_AreTheLocalDevelopmentCluster()
    {
        var settings = ClientSettingsLoader.Load(null, [], null, null, NoEnvironment);

        Assert.Equal([ClientSettings.DefaultGateway], settings.Gateways);
        Assert.Equal(ClientSettings.DefaultClusterId, settings.ClusterId);
        Assert.Equal(ClientSettings.DefaultSharedSecret, settings.SharedSecret);
        Assert.Equal(ClientSettings.DefaultConnectTimeout, settings.ConnectTimeout);
    }

    [Fact]
    public void TheCommandLineBeatsTheEnvironment_WhichBeatsTheFile()
    {
        var file = Write("""
            {
              // comments and trailing commas are fine
              "gateways": ["10.0.0.1:30000", "10.0.0.2:30000"],
              "clusterId": "from-file",
              "sharedSecret": "file-secret-0123456789",
              "connectTimeout": "3s",
            }
            """);
        var environment = new Dictionary<string, string>
        {
            [ClientSettingsLoader.ClusterIdVariable] = "from-env",
            [ClientSettingsLoader.GatewaysVariable] = "10.0.0.3:30000, 10.0.0.4:30000",
        };

        var fileAndEnvironment = ClientSettingsLoader.Load(file, [], null, null, name => environment.GetValueOrDefault(name));
        var all = ClientSettingsLoader.Load(file, ["127.0.0.1:31000"], null, TimeSpan.FromSeconds(7), name => environment.GetValueOrDefault(name));

        Assert.Equal(["10.0.0.3:30000", "10.0.0.4:30000"], fileAndEnvironment.Gateways);
        Assert.Equal("from-env", fileAndEnvironment.ClusterId);
        Assert.Equal("file-secret-0123456789", fileAndEnvironment.SharedSecret);
        Assert.Equal(TimeSpan.FromSeconds(3), fileAndEnvironment.ConnectTimeout);
        Assert.Equal(["127.0.0.1:31000"], all.Gateways);
        Assert.Equal(TimeSpan.FromSeconds(7), all.ConnectTimeout);
    }

    [Theory]
    [InlineData("""{ "gateways": ["no-port"] }""", "not an endpoint")]
    [InlineData("""{ "gateways": [] }""", "names no gateway")]
    [InlineData("""{ "connectTimeout": "soon" }""", "not a duration")]
    [InlineData("""{ "sharedSecret": "" }""", "must not be empty")]
    [InlineData("""{ "gatways": ["127.0.0.1:1"] }""", "is not valid")]
    [InlineData("""[1, 2]""", "is not valid")]
    [InlineData("""{ "gateways": """, "is not valid")]
    public void ABadFile_IsBadInputNamingTheProblem(string json, string expected)
    {
        var failure = Assert.Throws<CliException>(() => ClientSettingsLoader.Load(Write(json), [], null, null, NoEnvironment));

        Assert.Equal(ExitCodes.BadInput, failure.ExitCode);
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFile_AndABadEnvironmentValue_AreBadInput()
    {
        var missing = Assert.Throws<CliException>(() => ClientSettingsLoader.Load(Path.Combine(_directory, "nope.json"), [], null, null, NoEnvironment));
        var badTimeout = Assert.Throws<CliException>(() => ClientSettingsLoader.Load(null, [], null, null, name => name == ClientSettingsLoader.ConnectTimeoutVariable ? "0" : null));

        Assert.Contains("Cannot read the config file", missing.Message, StringComparison.Ordinal);
        Assert.Contains(ClientSettingsLoader.ConnectTimeoutVariable, badTimeout.Message, StringComparison.Ordinal);
    }

    private static string? NoEnvironment(string name) => null;

    private string Write(string json)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json);
        return path;
    }
}
