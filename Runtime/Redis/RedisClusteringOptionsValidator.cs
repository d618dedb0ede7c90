using Microsoft.Extensions.Options;

namespace OrleansSync.Runtime.Redis;

/// <summary>Checks <see cref="RedisClusteringOptions"/> and the Redis options inside it.</summary>
public sealed class RedisClusteringOptionsValidator : IValidateOptions<RedisClusteringOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisClusteringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Redis is null)
        {
            failures.Add("Redis clustering: Redis options are required");
        }
        else
        {
            var redis = new RedisOptionsValidator().Validate(name, options.Redis);
            if (redis.Failed)
            {
                failures.AddRange(redis.Failures.Select(failure => "Redis clustering: " + failure));
            }
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add("Redis clustering: ClusterId is required");
        }

        if (string.IsNullOrEmpty(options.KeyPrefix))
        {
            failures.Add("Redis clustering: KeyPrefix must not be empty");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
