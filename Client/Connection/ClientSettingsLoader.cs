using System.Text.Json;
using OrleansSync.Client.Cli;

namespace OrleansSync.Client.Connection;

/// <summary>
/// Builds <see cref="ClientSettings"/>: defaults, then the config file, then environment variables
/// (<c>ORLEANSSYNC_GATEWAYS</c> comma-separated, <c>ORLEANSSYNC_REDIS</c>, <c>ORLEANSSYNC_CLUSTER_ID</c>,
/// <c>ORLEANSSYNC_SHARED_SECRET</c>, <c>ORLEANSSYNC_CONNECT_TIMEOUT</c>), then the command line;
/// later sources win. Bad values raise <see cref="CliException"/> with exit code 2.
/// </summary>
internal static class ClientSettingsLoader
{
    public const string GatewaysVariable = "ORLEANSSYNC_GATEWAYS";
    public const string RedisVariable = "ORLEANSSYNC_REDIS";
    public const string ClusterIdVariable = "ORLEANSSYNC_CLUSTER_ID";
    public const string SharedSecretVariable = "ORLEANSSYNC_SHARED_SECRET";
    public const string ConnectTimeoutVariable = "ORLEANSSYNC_CONNECT_TIMEOUT";
    private const long MaxConfigFileBytes = 1024 * 1024;

    private static readonly JsonSerializerOptions FileJson = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    public static ClientSettings Load(
        string? configFile, IReadOnlyList<string> gatewayOptions, string? redisOption, TimeSpan? connectTimeoutOption, Func<string, string?> environment)
    {
        var settings = new ClientSettings();
        if (configFile is not null)
        {
            Apply(settings, ReadFile(configFile), configFile);
        }

        ApplyEnvironment(settings, environment);
        if (gatewayOptions.Count > 0)
        {
            settings.Gateways = CheckGateways(gatewayOptions, "--gateway");
        }

        if (redisOption is not null)
        {
            settings.Redis = CheckRedis(redisOption, "--redis");
        }

        if (connectTimeoutOption is { } timeout)
        {
            settings.ConnectTimeout = timeout;
        }

        return settings;
    }

    private static ClientSettingsFile ReadFile(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxConfigFileBytes)
            {
                throw BadInput($"The config file {path} is larger than {MaxConfigFileBytes} bytes.");
            }

            return JsonSerializer.Deserialize<ClientSettingsFile>(File.ReadAllText(path), FileJson)
                ?? throw BadInput($"The config file {path} holds no JSON object.");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw BadInput($"Cannot read the config file {path}: {exception.Message}");
        }
        catch (JsonException exception)
        {
            throw BadInput($"The config file {path} is not valid: {exception.Message}");
        }
    }

    private static void Apply(ClientSettings settings, ClientSettingsFile file, string source)
    {
        if (file.Gateways is { } gateways)
        {
            settings.Gateways = CheckGateways(gateways, $"{source}: gateways");
        }

        settings.Redis = file.Redis is { } redis ? CheckRedis(redis, $"{source}: redis") : settings.Redis;
        settings.ClusterId = CheckText(file.ClusterId, $"{source}: clusterId") ?? settings.ClusterId;
        settings.SharedSecret = CheckText(file.SharedSecret, $"{source}: sharedSecret") ?? settings.SharedSecret;
        settings.ConnectTimeout = ParseTimeout(file.ConnectTimeout, $"{source}: connectTimeout") ?? settings.ConnectTimeout;
    }

    private static void ApplyEnvironment(ClientSettings settings, Func<string, string?> environment)
    {
        if (environment(GatewaysVariable) is { Length: > 0 } gateways)
        {
            settings.Gateways = CheckGateways(gateways.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), GatewaysVariable);
        }

        settings.Redis = environment(RedisVariable) is { Length: > 0 } redis ? CheckRedis(redis, RedisVariable) : settings.Redis;
        settings.ClusterId = CheckText(environment(ClusterIdVariable), ClusterIdVariable) ?? settings.ClusterId;
        settings.SharedSecret = CheckText(environment(SharedSecretVariable), SharedSecretVariable) ?? settings.SharedSecret;
        settings.ConnectTimeout = ParseTimeout(environment(ConnectTimeoutVariable), ConnectTimeoutVariable) ?? settings.ConnectTimeout;
    }

    private static List<string> CheckGateways(IEnumerable<string> gateways, string source)
    {
        var list = gateways.Select(g => g.Trim()).ToList();
        if (list.Count == 0)
        {
            throw BadInput($"{source} names no gateway.");
        }

        foreach (var gateway in list)
        {
            if (InputRules.CheckEndpoint(gateway) is { } error)
            {
                throw BadInput($"{source}: {error}");
            }
        }

        return list;
    }

    private static string CheckRedis(string configuration, string source)
    {
        try
        {
            return StackExchange.Redis.ConfigurationOptions.Parse(configuration).EndPoints.Count > 0
                ? configuration
                : throw BadInput($"{source}: '{configuration}' names no Redis endpoint (use host:port, such as localhost:6379).");
        }
        catch (ArgumentException exception)
        {
            throw BadInput($"{source}: '{configuration}' is not a Redis configuration: {exception.Message}");
        }
    }

    private static string? CheckText(string? value, string source) =>
        value is null ? null
        : string.IsNullOrWhiteSpace(value) ? throw BadInput($"{source} must not be empty.")
        : value;

    private static TimeSpan? ParseTimeout(string? text, string source)
    {
        if (text is null)
        {
            return null;
        }

        return DurationParser.TryParse(text, out var duration, out var error) && duration > TimeSpan.Zero
            ? duration
            : throw BadInput($"{source}: {(error.Length > 0 ? error : "the timeout must be positive.")}");
    }

    private static CliException BadInput(string message) => new(ExitCodes.BadInput, ErrorCodes.BadInput, message);
}
