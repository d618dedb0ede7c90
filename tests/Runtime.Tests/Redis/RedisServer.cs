using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OrleansSync.Runtime.Tests.Redis;

/// <summary>
/// A real <c>redis-server</c> process for tests: found on PATH, bound to 127.0.0.1 on a free port,
/// working in its own temp directory. Start waits for "Ready to accept connections" (bounded);
/// <see cref="KillAsync"/> and <see cref="StartAsync"/> restart it on the same port for outage tests.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    public const string InstallHint = "redis-server was not found on PATH; install it with: apt-get install -y redis-server";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private const int MaxPortAttempts = 5;

    private readonly string _executable;
    private readonly IReadOnlyList<string> _extraArguments;
    private readonly bool _appendOnly;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    private RedisServer(string executable, string directory, IReadOnlyList<string> extraArguments, bool appendOnly)
    {
        _executable = executable;
        Directory = directory;
        _extraArguments = extraArguments;
        _appendOnly = appendOnly;
    }

    public int Port { get; private set; }

    public string Directory { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a server; <paramref name="extraArguments"/> are config directives such as <c>--requirepass secret</c>.</summary>
    public static async Task<RedisServer> StartNewAsync(IReadOnlyList<string>? extraArguments = null, bool appendOnly = false)
    {
        var executable = FindOnPath("redis-server") ?? throw new InvalidOperationException(InstallHint);
        var directory = System.IO.Directory.CreateTempSubdirectory("orleanssync-redis-").FullName;
        var server = new RedisServer(executable, directory, extraArguments ?? [], appendOnly);
        for (var attempt = 1; ; attempt++)
        {
            server.Port = FreeLoopbackPort();
            try
            {
                await server.StartAsync();
                return server;
            }
            catch (InvalidOperationException) when (attempt < MaxPortAttempts && server.OutputMentionsPortInUse())
            {
                // Another process took the port between probing and binding: try another one.
            }
        }
    }

    /// <summary>(Re)starts the process on <see cref="Port"/> and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("redis-server is already running");
        }

        _output.Clear();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = BuildStartInfo(), EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                return;
            }

            _output.Enqueue(line.Data);
            if (line.Data.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"redis-server exited during start-up:\n{OutputText()}"));
        process.Start();
        process.BeginOutputReadLine();
        _process = process;
        try
        {
            await ready.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            await KillAsync();
            throw new InvalidOperationException($"redis-server did not report ready within {StartTimeout.TotalSeconds} s:\n{OutputText()}");
        }
    }

    /// <summary>SIGKILLs the server (no shutdown save) and waits for the process to exit.</summary>
    public async Task KillAsync()
    {
        var process = _process;
        if (process is null)
        {
            return;
        }

        _process = null;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(StartTimeout);
        await process.WaitForExitAsync(timeout.Token);
        process.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException exception)
        {
            // The temp directory is only litter; report it and carry on.
            System.Diagnostics.Trace.WriteLine($"could not delete {Directory}: {exception.Message}");
        }
    }

    public string OutputText() => string.Join('\n', _output);

    private bool OutputMentionsPortInUse() => _output.Any(line => line.Contains("Address already in use", StringComparison.Ordinal));

    private ProcessStartInfo BuildStartInfo()
    {
        var startInfo = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--dir", Directory,
            "--save", string.Empty,
            "--appendonly", _appendOnly ? "yes" : "no",
            "--appendfsync", "always",
            "--daemonize", "no",
            "--logfile", string.Empty,
            "--enable-debug-command", "yes",
        ];
        foreach (var argument in arguments.Concat(_extraArguments))
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
    }
}
