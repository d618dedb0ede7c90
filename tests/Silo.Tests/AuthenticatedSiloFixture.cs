using System.Net;
using Microsoft.Extensions.Configuration;
using OrleansSync.Silo.Hosting;

namespace OrleansSync.Silo.Tests;

/// <summary>
/// One silo listening on every interface (0.0.0.0, free ports) with its own shared secret and an
/// HTTP token, as a silo beyond loopback must run; the tests reach it over loopback only.
/// </summary>
public sealed class AuthenticatedSiloFixture : IAsyncLifetime
{
    public const string Token = "test-http-token-0123456789";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("orleanssync-silo-auth-").FullName;
    private SiloProcess? _process;

    internal SiloHostOptions Options { get; } = new()
    {
        Silos = 1,
        ListenAddress = "0.0.0.0",
        SiloPort = 0,
        GatewayPort = 0,
        HttpPort = 0,
        Groups = 1,
        Replicas = 1,
        SharedSecret = "auth-tests-shared-secret-0123456789",
        HttpToken = Token,
        StatusRefreshIntervalMs = 200,
        DataDirectory = string.Empty,
    };

    /// <summary>The silo's HTTP address over loopback (it listens on every interface).</summary>
    public Uri Http { get; private set; } = new("http://127.0.0.1/");

    public HttpClient Client() => new() { BaseAddress = Http, Timeout = TimeSpan.FromSeconds(20) };

    public async Task InitializeAsync()
    {
        Options.DataDirectory = _dataDirectory;
        Assert.True(new SiloHostOptionsValidator().Validate(null, Options).Succeeded);
        _process = new SiloProcess(Options, new ConfigurationBuilder().Build());
        await _process.StartAsync(CancellationToken.None);
        var bound = _process.Nodes[0].HttpAddress;
        Assert.Equal("0.0.0.0", bound.Host);
        Http = new UriBuilder(bound) { Host = IPAddress.Loopback.ToString() }.Uri;
        Assert.Empty(await _process.WaitForLeadersAsync(ReadyTimeout, CancellationToken.None));
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.StopAsync();
            await _process.DisposeAsync();
        }

        Directory.Delete(_dataDirectory, recursive: true);
    }
}
