using Microsoft.Extensions.Logging;
using OrleansSync.Client.Cli;
using OrleansSync.Client.Connection;

namespace OrleansSync.Client.Tests.Commands;

/// <summary>Bad input exits 2 with a friendly message before any connection; no silo exits 4.</summary>
public sealed class BadInputTests
{
    [Theory]
    [InlineData("lock acquire demo --ttl 5x", "not a duration")]
    [InlineData("lock acquire demo --ttl 500ms", "too short: at least 1s")]
    [InlineData("lock acquire demo --wait -1s", "not a duration")]
    [InlineData("lock try demo --mode upgrade", "not a lock mode")]
    [InlineData("lock release demo --lease 0", "not a lease id")]
    [InlineData("lock release demo", "--lease")]
    [InlineData("lock acquire", "Required argument missing")]
    [InlineData("lock acquire demo --frobnicate", "--frobnicate")]
    [InlineData("bench locks --clients 0", "out of range for --clients")]
    [InlineData("status --replica-timeout 1m", "at most 30s")]
    [InlineData("lock show demo --gateway nowhere", "not an endpoint")]
    public async Task BadInput_ExitsTwo_WithAFriendlyMessageOnStderr(string commandLine, string expected)
    {
        var run = await ClientRun.RunAsync(new NeverConnector(), commandLine.Split(' '));

        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.StartsWith("error: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public async Task AnEmptyLockName_IsBadInput()
    {
        var run = await ClientRun.RunAsync(new NeverConnector(), "lock", "acquire", "");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("must not be empty", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadInput_WithJson_IsOneJsonErrorObjectOnStdout()
    {
        var run = await ClientRun.RunAsync(new NeverConnector(), "--json", "lock", "acquire", "demo", "--mode", "sideways");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(ErrorCodes.BadInput, run.ErrorCode());
        Assert.Contains("'sideways' is not a lock mode", run.Json().GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stderr);
    }

    [Fact]
    public async Task NoSiloAtTheGateway_ExitsFour_WithAHint()
    {
        var port = FreePort();

        var run = await ClientRun.RunAsync(new GatewayClusterConnector(LogLevel.None), "--json", "lock", "show", "demo", "--gateway", $"127.0.0.1:{port}", "--connect-timeout", "1s");

        Assert.Equal(ExitCodes.ClusterUnavailable, run.ExitCode);
        Assert.Equal(ErrorCodes.ClusterUnavailable, run.ErrorCode());
        Assert.Contains($"127.0.0.1:{port}", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("dotnet run -c Release --project Silo", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASharedSecretTooShortForTheHandshake_IsBadInput()
    {
        var environment = new Dictionary<string, string> { [ClientSettingsLoader.SharedSecretVariable] = "short" };

        var run = await ClientRun.RunAsync(new GatewayClusterConnector(LogLevel.None), environment, "lock", "show", "demo", "--gateway", $"127.0.0.1:{FreePort()}");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("SharedSecret", run.Stderr, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
