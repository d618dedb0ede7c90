using System.Globalization;

namespace OrleansSync.EndToEnd;

/// <summary>
/// A private <c>redis-server</c> for one test: found on PATH, on a free loopback port, no
/// persistence, working in its own temp directory; ready once it answers PING-free by logging
/// "Ready to accept connections". Fails with an install hint when redis-server is missing.
/// </summary>
internal sealed class RedisServerProcess : IAsyncDisposable
{
    public const string InstallHint = "redis-server was not found on PATH; install it with: apt-get install -y redis-server";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private readonly ChildProcess _process;
    private readonly string _directory;

    private RedisServerProcess(ChildProcess process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    public static async Task<RedisServerProcess> StartAsync()
    {
        var executable = FindOnPath("redis-server") ?? throw new InvalidOperationException(InstallHint);
        var directory = Directory.CreateTempSubdirectory("orleanssync-e2e-redis-").FullName;
        var port = FreePorts.Take(1)[0];
        string[] arguments =
        [
            "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", directory,
            "--save", string.Empty, "--appendonly", "no", "--daemonize", "no", "--logfile", string.Empty,
        ];
        var process = ChildProcess.Start("redis-server", executable, arguments, directory);
        var server = new RedisServerProcess(process, directory, port);
        using var timeout = new CancellationTokenSource(StartTimeout);
        while (!server._process.Output().Contains("Ready to accept connections", StringComparison.Ordinal))
        {
            if (process.HasExited || timeout.IsCancellationRequested)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"redis-server did not become ready within {StartTimeout.TotalSeconds} s:\n{process.Output()}");
            }

            await Task.Delay(50, CancellationToken.None);
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
