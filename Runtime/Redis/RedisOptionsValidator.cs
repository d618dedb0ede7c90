using Microsoft.Extensions.Options;

namespace OrleansSync.Runtime.Redis;

/// <summary>Checks <see cref="RedisOptions"/>: a parsable endpoint, positive limits, and consistent relations between them.</summary>
public sealed class RedisOptionsValidator : IValidateOptions<RedisOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!RedisEndpoint.TryParse(options.Endpoint, out _, out var endpointError))
        {
            failures.Add(endpointError);
        }

        if (options.User is not null && options.Password is null)
        {
            failures.Add("User is set but Password is not: ACL authentication needs both");
        }

        if (options.Database is < 0 or > RedisOptions.MaxDatabase)
        {
            failures.Add($"Database must be from 0 to {RedisOptions.MaxDatabase}, was {options.Database}");
        }

        if (options.ClientName is { } clientName && (clientName.Length == 0 || clientName.Any(c => c <= ' ')))
        {
            failures.Add("ClientName must be non-empty and contain no spaces or control characters");
        }

        if (options.ProtocolVersion is not (2 or 3))
        {
            failures.Add($"ProtocolVersion must be 2 or 3, was {options.ProtocolVersion}");
        }

        RequirePositive(failures, nameof(options.ConnectTimeoutMs), options.ConnectTimeoutMs);
        RequirePositive(failures, nameof(options.CommandTimeoutMs), options.CommandTimeoutMs);
        RequirePositive(failures, nameof(options.MaxPendingCommands), options.MaxPendingCommands);
        RequirePositive(failures, nameof(options.MaxInFlightCommands), options.MaxInFlightCommands);
        RequirePositive(failures, nameof(options.MaxBatchCommands), options.MaxBatchCommands);
        RequirePositive(failures, nameof(options.MaxBulkBytes), options.MaxBulkBytes);
        RequirePositive(failures, nameof(options.MaxArrayElements), options.MaxArrayElements);
        RequirePositive(failures, nameof(options.MaxNestingDepth), options.MaxNestingDepth);
        RequirePositive(failures, nameof(options.MaxLineBytes), options.MaxLineBytes);
        RequirePositive(failures, nameof(options.ReconnectInitialDelayMs), options.ReconnectInitialDelayMs);
        RequirePositive(failures, nameof(options.ReconnectMaxDelayMs), options.ReconnectMaxDelayMs);
        RequirePositive(failures, nameof(options.MaxPubSubBufferedMessages), options.MaxPubSubBufferedMessages);
        if (options.ReconnectInitialDelayMs > options.ReconnectMaxDelayMs)
        {
            failures.Add($"ReconnectInitialDelayMs ({options.ReconnectInitialDelayMs}) must not exceed ReconnectMaxDelayMs ({options.ReconnectMaxDelayMs})");
        }

        if (options.MaxBatchCommands > options.MaxInFlightCommands)
        {
            failures.Add($"MaxBatchCommands ({options.MaxBatchCommands}) must not exceed MaxInFlightCommands ({options.MaxInFlightCommands})");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequirePositive(List<string> failures, string name, int value)
    {
        if (value <= 0)
        {
            failures.Add($"{name} must be positive, was {value}");
        }
    }
}
