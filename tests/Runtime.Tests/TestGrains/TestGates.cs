using System.Collections.Concurrent;

namespace OrleansSync.Runtime.Tests.TestGrains;

/// <summary>
/// Phase barriers between a test and grain code: a grain signals that it entered a gate and
/// waits until the test releases it (no sleeps).
/// </summary>
public static class TestGates
{
    private static readonly ConcurrentDictionary<string, Gate> Gates = new();

    public static Gate Get(string name) => Gates.GetOrAdd(name, _ => new Gate());

    public sealed class Gate
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
