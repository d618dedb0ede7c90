using Microsoft.Extensions.Options;
using OrleansSync.Runtime.Redis;

namespace OrleansSync.Grains.Raft.Storage;

/// <summary>Checks <see cref="RedisRaftLogStoreOptions"/> and the Redis options inside it.</summary>
public sealed class RedisRaftLogStoreOptionsValidator : IValidateOptions<RedisRaftLogStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisRaftLogStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Redis is null)
        {
            failures.Add("Redis Raft log store: Redis options are required");
        }
        else
        {
            var redis = new RedisOptionsValidator().Validate(name, options.Redis);
            failures.AddRange(redis.Failed ? redis.Failures.Select(f => $"Redis Raft log store: {f}") : []);
        }

        if (string.IsNullOrEmpty(options.KeyPrefix))
        {
            failures.Add("Redis Raft log store: KeyPrefix must not be empty");
        }

        if (options.MaxEntriesPerCommand <= 0)
        {
            failures.Add($"Redis Raft log store: MaxEntriesPerCommand must be positive, was {options.MaxEntriesPerCommand}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
