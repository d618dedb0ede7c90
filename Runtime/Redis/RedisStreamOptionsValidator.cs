using Microsoft.Extensions.Options;

namespace OrleansSync.Runtime.Redis;

/// <summary>Checks <see cref="RedisStreamOptions"/> and the Redis options inside it.</summary>
public sealed class RedisStreamOptionsValidator : IValidateOptions<RedisStreamOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisStreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Redis is null)
        {
            failures.Add($"Redis streams '{name}': Redis options are required");
        }
        else
        {
            var redis = new RedisOptionsValidator().Validate(name, options.Redis);
            if (redis.Failed)
            {
                failures.AddRange(redis.Failures.Select(failure => $"Redis streams '{name}': {failure}"));
            }
            else if (options.MaxMessageBytes > options.Redis.MaxBulkBytes)
            {
                failures.Add($"Redis streams '{name}': MaxMessageBytes ({options.MaxMessageBytes}) exceeds Redis.MaxBulkBytes ({options.Redis.MaxBulkBytes})");
            }
        }

        if (string.IsNullOrEmpty(options.ChannelPrefix))
        {
            failures.Add($"Redis streams '{name}': ChannelPrefix must not be empty");
        }

        AddIfNotPositive(failures, name, nameof(options.MaxQueuedMessagesPerChannel), options.MaxQueuedMessagesPerChannel);
        AddIfNotPositive(failures, name, nameof(options.MaxMessageBytes), options.MaxMessageBytes);
        AddIfNotPositive(failures, name, nameof(options.DeliveryTimeoutMs), options.DeliveryTimeoutMs);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void AddIfNotPositive(List<string> failures, string? name, string property, int value)
    {
        if (value <= 0)
        {
            failures.Add($"Redis streams '{name}': {property} must be positive, was {value}");
        }
    }
}
