using System.Collections.Concurrent;
using System.Diagnostics;

namespace OrleansSync.EndToEnd;

/// <summary>
/// A child process whose stdout and stderr are drained into a bounded buffer (kept for failure
/// messages), killed with its whole tree (SIGKILL) on <see cref="KillAsync"/> and on dispose.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private const int MaxKeptLines = 400;
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(10);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    public static ChildProcess Start(string name, string executable, IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, line) => child.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => child.Keep(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>SIGKILL (the whole tree), then wait for the exit, bounded.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(ExitWait);
        await _process.WaitForExitAsync(timeout.Token);
    }

    public string Output() => $"--- {Name} (last {MaxKeptLines} lines) ---\n{string.Join('\n', _lines)}";

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        while (_lines.Count > MaxKeptLines && _lines.TryDequeue(out _))
        {
        }
    }
}
