using System.ComponentModel;
using System.Diagnostics;
using OrleansSync.Client.Cli;

namespace OrleansSync.Client.Commands;

/// <summary>
/// Starts and stops the user's command for <c>lock run</c> and <c>queue consume</c>: no shell,
/// the arguments passed as given, a typed error when it cannot start, and a bounded wait for a
/// killed command to go.
/// </summary>
internal static class ChildProcess
{
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(10);

    /// <param name="program">the command and its arguments.</param>
    /// <param name="environment">variables added to the command's environment.</param>
    /// <param name="redirect">pipe the command's stdin and stdout instead of inheriting them.</param>
    public static Process Start(IReadOnlyList<string> program, IEnumerable<KeyValuePair<string, string>> environment, bool redirect)
    {
        var start = new ProcessStartInfo(program[0]) { UseShellExecute = false, RedirectStandardInput = redirect, RedirectStandardOutput = redirect };
        foreach (var argument in program.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        try
        {
            return Process.Start(start) ?? throw new CliException(ExitCodes.CommandNotStarted, ErrorCodes.CommandNotStarted, $"'{program[0]}' did not start.");
        }
        catch (Win32Exception exception)
        {
            throw new CliException(ExitCodes.CommandNotStarted, ErrorCodes.CommandNotStarted, $"Cannot run '{program[0]}': {exception.Message}", exception);
        }
    }

    /// <summary>Kills the command and everything it started, and waits (bounded) until it has gone.</summary>
    public static async Task KillAsync(Process process)
    {
        process.Kill(entireProcessTree: true);
        using var killed = new CancellationTokenSource(KillWait);
        await process.WaitForExitAsync(killed.Token);
    }
}
