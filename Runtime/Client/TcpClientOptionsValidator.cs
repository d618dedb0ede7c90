using Microsoft.Extensions.Options;

namespace OrleansSync.Runtime.Client;

internal sealed class TcpClientOptionsValidator : IValidateOptions<TcpClientOptions>
{
    public ValidateOptionsResult Validate(string? name, TcpClientOptions options)
    {
        var failures = new List<string>();
        if (options.Gateways.Any(g => !g.Contains(':', StringComparison.Ordinal)))
        {
            failures.Add($"Gateways must be host:port (got {string.Join(", ", options.Gateways)}).");
        }

        if (options.GatewayRefreshIntervalMs <= 0)
        {
            failures.Add($"GatewayRefreshIntervalMs must be positive (was {options.GatewayRefreshIntervalMs}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
