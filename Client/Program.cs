using Microsoft.Extensions.Logging;
using OrleansSync.Client;
using OrleansSync.Client.Connection;
using Spectre.Console;

// The console client: lock commands, cluster status and a lock benchmark over the gateway
// (see Client/README.md). ORLEANSSYNC_LOG_LEVEL=Debug shows the runtime's own logs on stderr.
var logLevel = Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("ORLEANSSYNC_LOG_LEVEL"), ignoreCase: true, out var level) ? level : LogLevel.None;
var app = new ClientApp(
    new GatewayClusterConnector(logLevel),
    Console.Out,
    Console.Error,
    Environment.GetEnvironmentVariable,
    writer => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) }));
return await app.RunAsync(args);
