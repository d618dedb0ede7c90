using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace OrleansSync.Silo.Tests;

/// <summary>The built executable: prints where everything is, serves, and stops gracefully on SIGINT (Ctrl+C).</summary>
public sealed partial class ExecutableTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _directory = Directory.CreateTempSubdirectory("orleanssync-silo-exe-").FullName;

    [Fact]
    public async Task Executable_PrintsItsEndpoints_Serves_AndStopsGracefullyOnSigint()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _directory };
        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "OrleansSync.Silo.dll"), "--silos", "1", "--groups", "1", "--replicas", "1",
            "--silo-port", "0", "--gateway-port", "0", "--http-port", "0", "--data-dir", Path.Combine(_directory, "data"),
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(Timeout);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        var printed = new List<string>();
        try
        {
            while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                printed.Add(line);
                if (line.Contains("Press Ctrl+C to stop.", StringComparison.Ordinal))
                {
                    break;
                }
            }

            Assert.Contains(printed, line => line.StartsWith("All Raft groups have leaders.", StringComparison.Ordinal));
            Assert.Contains(printed, line => line.Trim() == $"data: {Path.Combine(_directory, "data")}");
            var endpoints = Endpoints().Match(string.Join('\n', printed));
            Assert.True(endpoints.Success, "no endpoints line in:\n" + string.Join('\n', printed));
            Assert.NotEqual(endpoints.Groups["silo"].Value, endpoints.Groups["gateway"].Value);

            using var http = new HttpClient { BaseAddress = new Uri(endpoints.Groups["http"].Value), Timeout = Timeout };
            using var health = await http.GetAsync(new Uri("/health", UriKind.Relative), deadline.Token);
            Assert.True(health.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"/health answered {health.StatusCode}");

            Assert.Equal(0, await InterruptAsync(process.Id, deadline.Token));
            var rest = await process.StandardOutput.ReadToEndAsync(deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
            Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}; stderr:\n{await stderr}");
            Assert.Contains("Stopped.", rest, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task Executable_WhosePortIsTaken_ExitsWith1_NamingTheSilo()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _directory };
        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "OrleansSync.Silo.dll"), "--silos", "1", "--groups", "1", "--replicas", "1",
            "--silo-port", "0", "--gateway-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--http-port", "0",
            "--data-dir", Path.Combine(_directory, "data"),
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(Timeout);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        await process.WaitForExitAsync(deadline.Token);
        Assert.Equal(1, process.ExitCode);
        Assert.Contains("error: silo 0 (silo-0) could not start:", await stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Press Ctrl+C", await stdout, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Sends SIGINT as Ctrl+C would (.NET can only SIGKILL another process), with the kill command; its exit code.</summary>
    private static async Task<int> InterruptAsync(int pid, CancellationToken cancellationToken)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-INT", pid.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!;
        await kill.WaitForExitAsync(cancellationToken);
        return kill.ExitCode;
    }

    [GeneratedRegex(@"silo (?<silo>\S+)@\d+  gateway (?<gateway>\S+)  http (?<http>\S+)")]
    private static partial Regex Endpoints();
}
