using Microsoft.Extensions.Options;

namespace OrleansSync.Runtime.Client;

internal sealed class ClientOptionsValidator : IValidateOptions<ClientOptions>
{
    public ValidateOptionsResult Validate(string? name, ClientOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClientName))
        {
            failures.Add("ClientName is required.");
        }

        if (options.ResponseTimeoutMs <= 0)
        {
            failures.Add($"ResponseTimeoutMs must be positive (was {options.ResponseTimeoutMs}).");
        }

        if (options.MaxGatewayAttempts is < 1 or > 32)
        {
            failures.Add($"MaxGatewayAttempts must be in [1, 32] (was {options.MaxGatewayAttempts}).");
        }

        if (options.GatewayRetryDelayMs <= 0)
        {
            failures.Add($"GatewayRetryDelayMs must be positive (was {options.GatewayRetryDelayMs}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
