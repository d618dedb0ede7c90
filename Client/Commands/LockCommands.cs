using System.CommandLine;
using OrleansSync.Client.Cli;
using OrleansSync.Client.Formatting;
using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks.Client;
using Spectre.Console;

namespace OrleansSync.Client.Commands;

/// <summary><c>lock acquire | try | release | keepalive | show | run</c>.</summary>
internal static class LockCommands
{
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MinTtl = TimeSpan.FromSeconds(1);

    public static Command Build(HandlerFactory handler)
    {
        var command = new Command("lock", "Acquire, inspect and release distributed locks.");
        command.Add(Acquire(handler));
        command.Add(Try(handler));
        command.Add(Release(handler));
        command.Add(KeepAlive(handler));
        command.Add(Show(handler));
        command.Add(LockRunCommand.Build(handler));
        return command;
    }

    public static Option<TimeSpan?> Ttl() => CliOptions.Duration("--ttl", "the lease's time to live", DefaultTtl, MinTtl);

    public static Option<TimeSpan?> Wait() => CliOptions.Duration("--wait", "how long to wait in the lock's queue", DefaultWait, TimeSpan.Zero);

    private static Command Acquire(HandlerFactory handler)
    {
        var name = CliOptions.LockName();
        var mode = CliOptions.Mode();
        var ttl = Ttl();
        var wait = Wait();
        var command = new Command(
            "acquire",
            "Acquire a lock under a lease of its own and print the lease id and fencing token. The process then exits, "
            + "but the lock stays held until the lease's TTL ends or 'lock release NAME --lease ID' frees it (renew with 'lock keepalive'). "
            + "Exits 3 if the lock is not granted within --wait.")
        {
            name, mode, ttl, wait,
        };
        command.SetAction(handler((context, ct) => GrantAsync(context, context.Value(name), context.Value(mode), context.Value(ttl) ?? DefaultTtl, context.Value(wait) ?? DefaultWait, ct)));
        return command;
    }

    private static Command Try(HandlerFactory handler)
    {
        var name = CliOptions.LockName();
        var mode = CliOptions.Mode();
        var ttl = Ttl();
        var command = new Command("try", "Acquire a lock only if it is free now (as 'lock acquire' with --wait 0). Exits 3 if it is not granted.")
        {
            name, mode, ttl,
        };
        command.SetAction(handler((context, ct) => GrantAsync(context, context.Value(name), context.Value(mode), context.Value(ttl) ?? DefaultTtl, TimeSpan.Zero, ct)));
        return command;
    }

    private static Command Release(HandlerFactory handler)
    {
        var name = CliOptions.LockName();
        var lease = CliOptions.LeaseId();
        var command = new Command("release", "Release a lock held under a lease from 'lock acquire', and close the lease.") { name, lease };
        command.SetAction(handler(async (context, ct) =>
        {
            var (lockName, leaseId) = (context.Value(name), context.Value(lease));
            await using var connection = await context.ConnectAsync(ct);
            await using var locks = connection.CreateLockClient();
            await Guard(lockName, leaseId, () => locks.ReleaseLeasedAsync(lockName, leaseId, ct));
            Report(context.Output, new { name = lockName, leaseId, released = true }, $"Released '{Markup.Escape(lockName)}' (lease {leaseId}).");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command KeepAlive(HandlerFactory handler)
    {
        var name = CliOptions.LockName();
        var lease = CliOptions.LeaseId();
        var command = new Command("keepalive", "Renew a lease from 'lock acquire' for another TTL (the lock name picks the lease's group).") { name, lease };
        command.SetAction(handler(async (context, ct) =>
        {
            var (lockName, leaseId) = (context.Value(name), context.Value(lease));
            await using var connection = await context.ConnectAsync(ct);
            await using var locks = connection.CreateLockClient();
            var expiresAt = await Guard(lockName, leaseId, () => locks.KeepAliveLeaseAsync(lockName, leaseId, ct));
            Report(context.Output, new { name = lockName, leaseId, leaseExpiresAt = expiresAt }, $"Lease {leaseId} now expires at {Formats.Instant(expiresAt)}.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Show(HandlerFactory handler)
    {
        var name = CliOptions.LockName();
        var command = new Command("show", "Show a lock's holders, waiters (in queue order) and last fencing token.") { name };
        command.SetAction(handler(async (context, ct) =>
        {
            var lockName = context.Value(name);
            await using var connection = await context.ConnectAsync(ct);
            await using var locks = connection.CreateLockClient();
            var info = await Guard(lockName, null, () => locks.InspectAsync(lockName, ct));
            var view = LockView.From(lockName, info);
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(view);
            }
            else
            {
                LockView.Render(context.Output.Console, view);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static async Task<int> GrantAsync(CommandContext context, string name, LockMode mode, TimeSpan ttl, TimeSpan wait, CancellationToken ct)
    {
        await using var connection = await context.ConnectAsync(ct);
        await using var locks = connection.CreateLockClient();
        // No client-side deadline: the group's leader ends the wait at --wait (ADR 0009), and a group
        // that does not answer fails each request after the lock client's request timeout (exit 4).
        var grant = await Guard(name, null, () => locks.AcquireLeasedAsync(name, mode, ttl, wait, ct))
            ?? throw NotGranted(name, wait);
        var json = new LockGrantJson(grant.Name, InputRules.ModeName(grant.Mode), grant.LeaseId, grant.FencingToken, grant.LeaseExpiresAt);
        if (context.Output.IsJson)
        {
            context.Output.WriteJson(json);
        }
        else
        {
            RenderGrant(context.Output.Console, context.Output.Stdout, grant);
        }

        return ExitCodes.Success;
    }

    /// <summary>The lock was not granted: busy now (<c>--wait 0</c>), or its wait timed out in the group.</summary>
    internal static CliException NotGranted(string name, TimeSpan wait) => new(
        ExitCodes.NotGranted,
        ErrorCodes.NotGranted,
        wait == TimeSpan.Zero ? $"'{name}' is held by someone else (not granted)." : $"'{name}' was not granted within {DurationParser.Format(wait)}.");

    private static void RenderGrant(IAnsiConsole console, TextWriter stdout, LeasedLock grant)
    {
        var name = Markup.Escape(grant.Name);
        console.MarkupLine($"[green]Acquired[/] '{name}' ({InputRules.ModeName(grant.Mode)}).");
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("  lease id", grant.LeaseId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        grid.AddRow("  fencing token", grant.FencingToken.ToString(System.Globalization.CultureInfo.InvariantCulture));
        grid.AddRow("  lease expires", Formats.Instant(grant.LeaseExpiresAt));
        console.Write(grid);
        // Plain text, never wrapped, so that the command can be copied as it is.
        stdout.WriteLine($"It stays held after this command exits, until the lease expires or: lock release {grant.Name} --lease {grant.LeaseId}");
    }

    private static void Report<T>(CommandOutput output, T json, string markup)
    {
        if (output.IsJson)
        {
            output.WriteJson(json);
        }
        else
        {
            output.Console.MarkupLine(markup);
        }
    }

    /// <summary>Runs a lock operation, turning its known failures into friendly <see cref="CliException"/>s.</summary>
    internal static async Task<T> Guard<T>(string name, ulong? leaseId, Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception exception) when (FailureMapper.Map(exception, name, leaseId) is { } failure)
        {
            throw failure;
        }
    }

    internal static Task Guard(string name, ulong? leaseId, Func<Task> operation) =>
        Guard(name, leaseId, async () =>
        {
            await operation();
            return true;
        });
}
