using Microsoft.Extensions.Logging;

namespace OrleansSync.Runtime.Tests.Messaging;

/// <summary>Keeps every log line in memory so tests can wait for (and assert on) a specific line.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ILoggerFactory
{
    private readonly Lock _lock = new();
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    /// <summary>Completes with the first line (already logged or future) that contains every fragment.</summary>
    public async Task<string> WaitForLineAsync(params string[] fragments)
    {
        bool Match(string line) => fragments.All(fragment => line.Contains(fragment, StringComparison.Ordinal));
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            var existing = _lines.FirstOrDefault(Match);
            if (existing is not null)
            {
                return existing;
            }

            _waiters.Add((Match, found));
        }

        try
        {
            return await found.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No log line containing [{string.Join(", ", fragments)}] within 10 s. Lines:\n{string.Join("\n", Lines)}");
        }
    }

    private void Add(string line)
    {
        List<TaskCompletionSource<string>> completed = [];
        lock (_lock)
        {
            _lines.Add(line);
            foreach (var waiter in _waiters.Where(waiter => waiter.Match(line)).ToList())
            {
                _waiters.Remove(waiter);
                completed.Add(waiter.Found);
            }
        }

        foreach (var found in completed)
        {
            found.TrySetResult(line);
        }
    }

    private sealed class CapturingLogger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add($"{logLevel} {category}: {formatter(state, exception)}");
    }
}
