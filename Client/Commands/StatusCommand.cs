using System.CommandLine;
using OrleansSync.Client.Cli;
using OrleansSync.Client.Formatting;
using OrleansSync.Grains.Interfaces.Cluster;

namespace OrleansSync.Client.Commands;

/// <summary><c>status</c>: the silos and the Raft groups (leader, term, commit and applied index per replica).</summary>
internal static class StatusCommand
{
    public static readonly TimeSpan DefaultReplicaTimeout = TimeSpan.FromSeconds(2);

    public static Command Build(HandlerFactory handler)
    {
        var replicaTimeout = CliOptions.Duration(
            "--replica-timeout", "how long to wait for each replica before showing it unreachable", DefaultReplicaTimeout, TimeSpan.FromMilliseconds(1));
        var command = new Command("status", "Show the cluster's silos and Raft groups.") { replicaTimeout };
        command.SetAction(handler(async (context, ct) =>
        {
            var timeout = context.Value(replicaTimeout) ?? DefaultReplicaTimeout;
            if (timeout.TotalMilliseconds > IClusterInfoGrain.MaxReplicaTimeoutMs)
            {
                throw new CliException(ExitCodes.BadInput, ErrorCodes.BadInput, $"--replica-timeout is at most {IClusterInfoGrain.MaxReplicaTimeoutMs / 1000}s.");
            }

            await using var connection = await context.ConnectAsync(ct);
            var status = await LockCommands.Guard(
                "status",
                null,
                () => connection.Grains.GetGrain<IClusterInfoGrain>(IClusterInfoGrain.DefaultKey).GetStatus((int)timeout.TotalMilliseconds).WaitAsync(ct));
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(status);
            }
            else
            {
                StatusView.Render(context.Output.Console, status);
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
