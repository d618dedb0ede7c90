using System.CommandLine;
using System.Diagnostics;
using OrleansSync.Client.Cli;
using OrleansSync.Client.Formatting;
using OrleansSync.Grains.Locks.Client;

namespace OrleansSync.Client.Commands;

/// <summary>
/// <c>lock run NAME -- CMD ARGS...</c>: holds the lock (kept alive) while a command runs. The
/// command inherits stdin, stdout and stderr, and gets <c>ORLEANSSYNC_LOCK</c>,
/// <c>ORLEANSSYNC_FENCING_TOKEN</c> and <c>ORLEANSSYNC_LEASE_ID</c>. If the lease is lost the
/// command is killed: past that point someone else may hold the lock.
/// </summary>
internal static class LockRunCommand
{
    public const string LockVariable = "ORLEANSSYNC_LOCK";
    public const string FencingTokenVariable = "ORLEANSSYNC_FENCING_TOKEN";
    public const string LeaseIdVariable = "ORLEANSSYNC_LEASE_ID";

    public static Command Build(HandlerFactory handler)
    {
        var name = CliOptions.LockName();
        var mode = CliOptions.Mode();
        var ttl = LockCommands.Ttl();
        var wait = LockCommands.Wait();
        var program = new Argument<string[]>("command") { Description = "the command and its arguments, after --", Arity = ArgumentArity.OneOrMore };
        var command = new Command(
            "run",
            "Hold a lock while a command runs: acquire (waiting up to --wait), keep the lease alive, run the command, release. "
            + "Exits with the command's exit code; 3 if not granted, 5 if the lease was lost (the command is killed).")
        {
            name, mode, ttl, wait, program,
        };
        command.SetAction(handler(async (context, ct) =>
        {
            var lockName = context.Value(name);
            await using var connection = await context.ConnectAsync(ct);
            await using var locks = connection.CreateLockClient(context.Value(ttl) ?? LockCommands.DefaultTtl);
            var waitFor = context.Value(wait) ?? LockCommands.DefaultWait;
            var holding = await LockCommands.Guard(
                lockName, null, () => locks.AcquireAsync(lockName, context.Value(mode), waitFor, ct));
            await using (holding)
            {
                var exitCode = await RunHoldingAsync(holding, context.Value(program), ct);
                await LockCommands.Guard(lockName, holding.LeaseId, () => holding.DisposeAsync().AsTask());
                Report(context.Output, holding, exitCode);
                return exitCode;
            }
        }));
        return command;
    }

    /// <summary>Runs the command to its end; kills it when the lease is lost or the client is interrupted.</summary>
    internal static async Task<int> RunHoldingAsync(LockHandle holding, IReadOnlyList<string> program, CancellationToken cancellationToken)
    {
        using var process = Start(holding, program);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(holding.Lost, cancellationToken);
        try
        {
            await process.WaitForExitAsync(stop.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await ChildProcess.KillAsync(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new CliException(
                ExitCodes.LockLost,
                ErrorCodes.LockLost,
                $"The lease behind '{holding.Name}' was lost while the command ran (fencing token {holding.FencingToken}); the command was killed. "
                + "Another holder may have the lock now.");
        }
    }

    private static Process Start(LockHandle holding, IReadOnlyList<string> program) =>
        ChildProcess.Start(
            program,
            new Dictionary<string, string>
            {
                [LockVariable] = holding.Name,
                [FencingTokenVariable] = Formats.Number(holding.FencingToken),
                [LeaseIdVariable] = Formats.Number(holding.LeaseId),
            },
            redirect: false);

    private static void Report(CommandOutput output, LockHandle holding, int exitCode)
    {
        if (output.IsJson)
        {
            output.WriteJson(new { name = holding.Name, mode = InputRules.ModeName(holding.Mode), leaseId = holding.LeaseId, fencingToken = holding.FencingToken, exitCode });
        }
        else
        {
            output.Stderr.WriteLine($"lock run: released '{holding.Name}' (fencing token {holding.FencingToken}); the command exited with {exitCode}.");
        }
    }
}
