using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using OrleansSync.Grains.Cache.Hosting;
using OrleansSync.Grains.Raft.Hosting;
using OrleansSync.Grains.Security;

namespace OrleansSync.Silo.Hosting;

/// <summary>Checks <see cref="SiloHostOptions"/> at start; each failure names the command-line switch that fixes it.</summary>
internal sealed class SiloHostOptionsValidator : IValidateOptions<SiloHostOptions>
{
    /// <summary>Longest cluster id accepted (it names the membership keys in Redis).</summary>
    public const int MaxClusterIdBytes = 128;

    public ValidateOptionsResult Validate(string? name, SiloHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        ValidateLayout(options, failures);
        ValidatePorts(options, failures);
        ValidateCluster(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateLayout(SiloHostOptions options, List<string> failures)
    {
        if (!Enum.IsDefined(options.Clustering))
        {
            failures.Add($"--clustering must be embedded or redis (was {options.Clustering}).");
        }

        if (options.Silos is < 1 or > SiloHostOptions.MaxSilos)
        {
            failures.Add($"--silos must be 1 to {SiloHostOptions.MaxSilos} (was {options.Silos}).");
        }

        if (options.Name is { } siloName && (siloName.Length is 0 or > 64 || !siloName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            failures.Add($"--name must be 1 to 64 letters, digits, '-', '_' or '.' (was '{siloName}').");
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add("--data-dir must name a directory.");
        }

        if (options.Groups is < 1 or > RaftPeerOptions.MaxGroupCount)
        {
            failures.Add($"--groups must be 1 to {RaftPeerOptions.MaxGroupCount} (was {options.Groups}).");
        }

        if (options.Replicas is < 1 or > 7 || options.Replicas % 2 == 0)
        {
            failures.Add($"--replicas must be odd, 1 to 7 (was {options.Replicas}).");
        }

        if (options.CacheStreamQueues is < 1 or > CacheHostingOptions.MaxInvalidationQueueCount)
        {
            failures.Add($"--cache-stream-queues must be 1 to {CacheHostingOptions.MaxInvalidationQueueCount} (was {options.CacheStreamQueues}).");
        }

        if (options.CacheStreamPollMs is < 1 or > CacheHostingOptions.MaxInvalidationPollMs)
        {
            failures.Add($"--cache-stream-poll-ms must be 1 to {CacheHostingOptions.MaxInvalidationPollMs} (was {options.CacheStreamPollMs}).");
        }

        if (options.StatusRefreshIntervalMs is < 100 or > 60_000)
        {
            failures.Add($"StatusRefreshIntervalMs must be 100 to 60000 (was {options.StatusRefreshIntervalMs}).");
        }

        if (options.StatusTimeoutMs is < 100 or > 60_000)
        {
            failures.Add($"StatusTimeoutMs must be 100 to 60000 (was {options.StatusTimeoutMs}).");
        }

        if (options.ShutdownTimeoutMs is < 1_000 or > 300_000)
        {
            failures.Add($"ShutdownTimeoutMs must be 1000 to 300000 (was {options.ShutdownTimeoutMs}).");
        }
    }

    private static void ValidatePorts(SiloHostOptions options, List<string> failures)
    {
        if (!IPAddress.TryParse(options.ListenAddress, out _))
        {
            failures.Add($"--listen-address must be an IP address (was '{options.ListenAddress}').");
        }

        if (options.AdvertisedHost is { } advertised && !IPAddress.TryParse(advertised, out _))
        {
            failures.Add($"--advertised-host must be an IP address without a port, which Orleans advertises in membership (was '{advertised}').");
        }

        var count = Math.Clamp(options.SiloCount, 1, SiloHostOptions.MaxSilos);
        var ports = new List<(string Switch, int Port)>
        {
            ("--silo-port", options.SiloPort),
            ("--gateway-port", options.GatewayPort),
            ("--http-port", options.HttpPort),
        };
        foreach (var (option, port) in ports)
        {
            if (port < 0 || port + count - 1 > 65_535)
            {
                failures.Add($"{option} must be 0 (free ports) or 1 to {65_536 - count} for {count} silo(s) (was {port}).");
            }
            else if (port == 0 && options.AdvertisedHost is not null)
            {
                failures.Add($"{option} cannot be 0 (a free port) together with --advertised-host: other hosts must know the port.");
            }
        }

        var used = ports.Where(p => p.Port > 0).SelectMany(p => Enumerable.Range(p.Port, count).Select(port => (p.Switch, port))).ToList();
        foreach (var clash in used.GroupBy(u => u.port).Where(g => g.Count() > 1))
        {
            failures.Add($"Port {clash.Key} is used twice ({string.Join(" and ", clash.Select(c => c.Switch).Distinct())}): silo i uses each base port + i.");
        }
    }

    private static void ValidateCluster(SiloHostOptions options, List<string> failures)
    {
        if (options.Clustering == ClusteringMode.Redis && RedisProblem(options.Redis) is { } error)
        {
            failures.Add($"--redis must be host:port (was '{options.Redis}'): {error}");
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId) || Encoding.UTF8.GetByteCount(options.ClusterId) > MaxClusterIdBytes)
        {
            failures.Add($"--cluster-id must be 1 to {MaxClusterIdBytes} bytes.");
        }

        if (options.SharedSecret is null || options.SharedSecret.Length < SharedSecretOptions.MinSecretLength)
        {
            failures.Add($"--shared-secret must be at least {SharedSecretOptions.MinSecretLength} characters.");
        }
        else if (options.SharedSecret == SiloHostOptions.DevelopmentSharedSecret && IPAddress.TryParse(options.ListenAddress, out var listen) && !IPAddress.IsLoopback(listen))
        {
            failures.Add($"--shared-secret must be set to your own secret when --listen-address ({options.ListenAddress}) is beyond loopback: the development secret is public.");
        }

        ValidateHttpToken(options, failures);
    }

    /// <summary>Beyond loopback anyone on the network could use the API and pages, so a token is required there.</summary>
    private static void ValidateHttpToken(SiloHostOptions options, List<string> failures)
    {
        if (options.HttpToken is { } token)
        {
            if (token.Length < SiloHostOptions.MinHttpTokenLength || token.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            {
                failures.Add($"--http-token must be at least {SiloHostOptions.MinHttpTokenLength} characters without spaces or control characters.");
            }
        }
        else if (IPAddress.TryParse(options.ListenAddress, out var listen) && !IPAddress.IsLoopback(listen))
        {
            failures.Add($"--http-token must be set when --listen-address ({options.ListenAddress}) is beyond loopback: the HTTP API and pages would be open to the network.");
        }
    }

    private static string? RedisProblem(string? configuration)
    {
        try
        {
            return string.IsNullOrWhiteSpace(configuration) ? "it is empty"
                : StackExchange.Redis.ConfigurationOptions.Parse(configuration).EndPoints.Count == 0 ? "it names no endpoint"
                : null;
        }
        catch (ArgumentException exception)
        {
            return exception.Message;
        }
    }
}
