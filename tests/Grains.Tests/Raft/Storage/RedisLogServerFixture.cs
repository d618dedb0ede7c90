using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OrleansSync.Grains.Tests.Raft.Storage;

/// <summary>
/// One <c>redis-server</c> (from PATH) per test class, on a free loopback port in a temp directory,
/// with AOF and <c>appendfsync always</c> as a Raft log needs. Fails with the install hint if it is missing.
/// </summary>
public sealed class RedisLogServerFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private readonly string _directory = Directory.CreateTempSubdirectory("orleanssync-raftlog-redis-").FullName;
    private string _executable = string.Empty;
    private int _port;
    private Process? _process;

    public string Endpoint { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        _executable = Environment.GetEnvironmentVariable("PATH")!.Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, "redis-server"))
            .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server was not found on PATH; install it with: apt-get install -y redis-server");
        _port = FreeLoopbackPort();
        Endpoint = $"127.0.0.1:{_port}";
        await StartAsync();
    }

    /// <summary>(Re)starts the server on the same port and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        var startInfo = new ProcessStartInfo(_executable) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "--port", _port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _directory, "--save", string.Empty, "--appendonly", "yes", "--appendfsync", "always" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains("Ready to accept connections", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        _process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("redis-server exited during start-up"));
        _process.Start();
        _process.BeginOutputReadLine();
        await ready.Task.WaitAsync(StartTimeout);
    }

    /// <summary>SIGKILLs the server (no shutdown save; the AOF keeps what was acknowledged).</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(StartTimeout);
            await _process.WaitForExitAsync(timeout.Token);
        }

        _process?.Dispose();
        _process = null;
    }

    public async Task DisposeAsync()
    {
        await KillAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
