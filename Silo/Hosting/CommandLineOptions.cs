namespace OrleansSync.Silo.Hosting;

/// <summary>
/// Turns the command line into configuration keys of the <c>OrleansSync</c> section (so it
/// overrides appsettings.json and environment variables). Unknown switches are errors, not
/// silently ignored keys. Accepts <c>--switch value</c> and <c>--switch=value</c>.
/// </summary>
internal static class CommandLineOptions
{
    public const string Usage = """
        usage: OrleansSync.Silo [options]            (dotnet run --project Silo -- [options])
          --clustering embedded|redis  embedded: all silos in this process (default); redis: membership in Redis
          --silos N                    silos in this process, 1-9 (default 3 embedded, 1 with redis)
          --name NAME                  silo name (silo i of several: NAME-i)
          --redis HOST:PORT            Redis of the membership table (default localhost:6379)
          --silo-port PORT             silo-to-silo port of the first silo (default 11111; 0 = free ports)
          --gateway-port PORT          client gateway port of the first silo (default 30000; 0 = free ports)
          --http-port PORT             HTTP port of the first silo (default 8080; 0 = free ports)
          --listen-address IP          address every port binds (default 127.0.0.1)
          --advertised-host HOST       host others dial when it is not the listen address (containers)
          --data-dir PATH              Raft WALs under PATH/raft (default ./data); share it between silos
          --groups G                   Raft groups (default 8); --replicas R replicas per group (default 3)
          --cluster-id ID              cluster id (default orleanssync)
          --cache-stream-queues N      queues of the cache's invalidation stream, 1-64 (default 1)
          --cache-stream-poll-ms MS    poll period of its pulling agents, 1-1000 ms (default 5)
          --shared-secret SECRET       secret of silo and client handshakes (default: the development secret)
          --http-token TOKEN           token every HTTP request (API, /ui, /dashboard; not /health) must present
                                       (Bearer, or Basic with it as password); required beyond loopback. Alias --ui-token
        Silo i of this process uses each port + i. Every option is also a configuration key of section
        OrleansSync (appsettings.json) and an environment variable ORLEANSSYNC__KEY (e.g. ORLEANSSYNC__SILOPORT).
        """;

    private static readonly Dictionary<string, string> Keys = new(StringComparer.Ordinal)
    {
        ["--clustering"] = nameof(SiloHostOptions.Clustering),
        ["--silos"] = nameof(SiloHostOptions.Silos),
        ["--name"] = nameof(SiloHostOptions.Name),
        ["--redis"] = nameof(SiloHostOptions.Redis),
        ["--redis-password"] = nameof(SiloHostOptions.RedisPassword),
        ["--silo-port"] = nameof(SiloHostOptions.SiloPort),
        ["--base-silo-port"] = nameof(SiloHostOptions.SiloPort),
        ["--gateway-port"] = nameof(SiloHostOptions.GatewayPort),
        ["--base-gateway-port"] = nameof(SiloHostOptions.GatewayPort),
        ["--http-port"] = nameof(SiloHostOptions.HttpPort),
        ["--base-http-port"] = nameof(SiloHostOptions.HttpPort),
        ["--listen-address"] = nameof(SiloHostOptions.ListenAddress),
        ["--advertised-host"] = nameof(SiloHostOptions.AdvertisedHost),
        ["--data-dir"] = nameof(SiloHostOptions.DataDirectory),
        ["--groups"] = nameof(SiloHostOptions.Groups),
        ["--replicas"] = nameof(SiloHostOptions.Replicas),
        ["--cluster-id"] = nameof(SiloHostOptions.ClusterId),
        ["--cache-stream-queues"] = nameof(SiloHostOptions.CacheStreamQueues),
        ["--cache-stream-poll-ms"] = nameof(SiloHostOptions.CacheStreamPollMs),
        ["--shared-secret"] = nameof(SiloHostOptions.SharedSecret),
        ["--http-token"] = nameof(SiloHostOptions.HttpToken),
        ["--ui-token"] = nameof(SiloHostOptions.HttpToken),
    };

    /// <summary>True if the arguments ask for the usage text.</summary>
    public static bool WantsHelp(IEnumerable<string> args) => args.Any(a => a is "--help" or "-h" or "-?");

    /// <summary>The configuration keys the arguments set.</summary>
    /// <exception cref="ArgumentException">An unknown switch, a stray value, or a switch without a value.</exception>
    public static Dictionary<string, string?> Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            var argument = args[i];
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            var option = equals > 0 ? argument[..equals] : argument;
            if (!Keys.TryGetValue(option, out var key))
            {
                throw new ArgumentException(option.StartsWith("--", StringComparison.Ordinal)
                    ? $"Unknown option {option}."
                    : $"Unexpected argument '{argument}' (options start with --).");
            }

            string value;
            if (equals > 0)
            {
                value = argument[(equals + 1)..];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else
            {
                throw new ArgumentException($"{option} needs a value.");
            }

            values[$"{SiloHostOptions.SectionName}:{key}"] = value;
        }

        return values;
    }
}
