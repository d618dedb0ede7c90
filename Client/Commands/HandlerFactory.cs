using System.CommandLine;

namespace OrleansSync.Client.Commands;

/// <summary>Wraps a command body into a System.CommandLine action with the client's common handling (see <see cref="ClientApp"/>).</summary>
internal delegate Func<ParseResult, CancellationToken, Task<int>> HandlerFactory(Func<CommandContext, CancellationToken, Task<int>> body);
