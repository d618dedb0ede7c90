using System.CommandLine;
using OrleansSync.Client.Cli;
using OrleansSync.Client.Connection;

namespace OrleansSync.Client.Commands;

/// <summary>What a command's handler gets: its parse result, where to write, the merged settings and a way to connect.</summary>
internal sealed class CommandContext(ParseResult parse, CommandOutput output, ClientSettings settings, IClusterConnector connector)
{
    public ParseResult Parse => parse;

    public CommandOutput Output => output;

    public ClientSettings Settings => settings;

    public Task<ClusterConnection> ConnectAsync(CancellationToken cancellationToken) => connector.ConnectAsync(settings, cancellationToken);

    public T Value<T>(Option<T> option) => parse.GetValue(option)!;

    public T Value<T>(Argument<T> argument) => parse.GetValue(argument)!;
}
