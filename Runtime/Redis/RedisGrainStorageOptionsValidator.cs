using Microsoft.Extensions.Options;

namespace OrleansSync.Runtime.Redis;

/// <summary>Checks <see cref="RedisGrainStorageOptions"/> and the Redis options inside it.</summary>
public sealed class RedisGrainStorageOptionsValidator : IValidateOptions<RedisGrainStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisGrainStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Redis is null)
        {
            failures.Add($"Redis grain storage '{name}': Redis options are required");
        }
        else
        {
            var redis = new RedisOptionsValidator().Validate(name, options.Redis);
            if (redis.Failed)
            {
                failures.AddRange(redis.Failures.Select(failure => $"Redis grain storage '{name}': {failure}"));
            }
            else if (options.MaxStateBytes > options.Redis.MaxBulkBytes)
            {
                failures.Add($"Redis grain storage '{name}': MaxStateBytes ({options.MaxStateBytes}) exceeds Redis.MaxBulkBytes ({options.Redis.MaxBulkBytes})");
            }
        }

        if (string.IsNullOrEmpty(options.KeyPrefix))
        {
            failures.Add($"Redis grain storage '{name}': KeyPrefix must not be empty");
        }

        if (options.MaxStateBytes <= 0)
        {
            failures.Add($"Redis grain storage '{name}': MaxStateBytes must be positive, was {options.MaxStateBytes}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
