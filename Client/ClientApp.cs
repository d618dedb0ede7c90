using System.CommandLine;
using OrleansSync.Client.Cli;
using OrleansSync.Client.Commands;
using OrleansSync.Client.Connection;
using Spectre.Console;

namespace OrleansSync.Client;

/// <summary>
/// The command tree and the rules every command follows: global options, parse errors as exit
/// code 2, <see cref="CliException"/>s printed (as text, or as one JSON object with <c>--json</c>)
/// with their exit code. The connector is injected so tests run the same commands against a TestCluster.
/// </summary>
internal sealed class ClientApp
{
    private readonly IClusterConnector _connector;
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;
    private readonly Func<string, string?> _environment;
    private readonly Func<TextWriter, IAnsiConsole> _consoleFactory;
    private readonly Option<bool> _json = new("--json") { Description = "print exactly one JSON object on one line (errors too, on stdout)", Recursive = true };
    private readonly Option<string[]> _gateways = new("--gateway", "-g")
    {
        Description = $"a gateway silo, host:port (repeatable; default {ClientSettings.DefaultGateway})",
        HelpName = "host:port",
        Recursive = true,
    };

    private readonly Option<string?> _redis = new("--redis")
    {
        Description = "find the gateways in the cluster's Redis membership (host:port or a StackExchange.Redis configuration string) instead of --gateway",
        HelpName = "configuration",
        Recursive = true,
    };

    private readonly Option<string?> _config = new("--config") { Description = "a JSON file with gateways, clusterId, sharedSecret, connectTimeout", HelpName = "file", Recursive = true };
    private readonly Option<TimeSpan?> _connectTimeout;

    public ClientApp(IClusterConnector connector, TextWriter stdout, TextWriter stderr, Func<string, string?> environment, Func<TextWriter, IAnsiConsole> consoleFactory)
    {
        _connector = connector;
        _stdout = stdout;
        _stderr = stderr;
        _environment = environment;
        _consoleFactory = consoleFactory;
        _connectTimeout = CliOptions.Duration("--connect-timeout", "how long to wait for a silo to answer", ClientSettings.DefaultConnectTimeout, TimeSpan.FromMilliseconds(100));
        _connectTimeout.Recursive = true;
        Root = BuildRoot();
    }

    public RootCommand Root { get; }

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        var parse = Root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var json = args.Contains("--json", StringComparer.Ordinal);
            var message = string.Join(" ", parse.Errors.Select(e => e.Message.TrimEnd('.') + ".")) + " See --help.";
            Output(json).WriteError(new CliException(ExitCodes.BadInput, ErrorCodes.BadInput, message));
            return ExitCodes.BadInput;
        }

        var invocation = new InvocationConfiguration { Output = _stdout, Error = _stderr, ProcessTerminationTimeout = TimeSpan.FromSeconds(10) };
        return await parse.InvokeAsync(invocation, cancellationToken);
    }

    private RootCommand BuildRoot()
    {
        var root = new RootCommand("OrleansSync console client: distributed locks (queues and cache to come) from the command line.");
        root.Add(_json);
        root.Add(_gateways);
        root.Add(_redis);
        root.Add(_config);
        root.Add(_connectTimeout);
        root.Add(LockCommands.Build(Handler));
        root.Add(QueueCommands.Build(Handler));
        root.Add(CacheCommands.Build(Handler));
        root.Add(StatusCommand.Build(Handler));
        root.Add(BenchCommand.Build(Handler));
        return root;
    }

    /// <summary>Wraps a command body: settings, output and failures handled the same way for every command.</summary>
    private Func<ParseResult, CancellationToken, Task<int>> Handler(Func<CommandContext, CancellationToken, Task<int>> body) =>
        async (parse, cancellationToken) =>
        {
            var output = Output(parse.GetValue(_json));
            try
            {
                var settings = ClientSettingsLoader.Load(parse.GetValue(_config), parse.GetValue(_gateways) ?? [], parse.GetValue(_redis), parse.GetValue(_connectTimeout), _environment);
                return await body(new CommandContext(parse, output, settings, _connector), cancellationToken);
            }
            catch (CliException failure)
            {
                output.WriteError(failure);
                return failure.ExitCode;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                output.WriteError(new CliException(ExitCodes.Cancelled, ErrorCodes.Cancelled, "Interrupted."));
                return ExitCodes.Cancelled;
            }
            catch (Exception unexpected)
            {
                // The last line of defence of a command-line tool: report what happened, exit non-zero.
                output.WriteError(new CliException(ExitCodes.Failed, ErrorCodes.Failed, $"Unexpected {unexpected.GetType().Name}: {unexpected.Message}", unexpected));
                return ExitCodes.Failed;
            }
        };

    private CommandOutput Output(bool json) => new(_stdout, _stderr, _consoleFactory(_stdout), json);
}
