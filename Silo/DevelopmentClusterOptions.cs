namespace OrleansSync.Silo;

/// <summary>The embedded development cluster: several silos in this process, sharing one data directory.</summary>
internal sealed class DevelopmentClusterOptions
{
    public const int DefaultSilos = 3;
    public const int DefaultHttpPort = 8080;
    public const string DefaultDataDirectory = "data";

    /// <summary>Silos to start in this process (1 to 9).</summary>
    public int Silos { get; set; } = DefaultSilos;

    /// <summary>Where the Raft WALs live (under <c>raft/</c>).</summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    /// <summary>The HTTP port of the status and health endpoints (loopback only).</summary>
    public int HttpPort { get; set; } = DefaultHttpPort;

    /// <summary>Raft groups (consistent-hash shards of the lock space).</summary>
    public int Groups { get; set; } = 8;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> with a message for the command line.</summary>
    public void Validate()
    {
        if (Silos is < 1 or > 9)
        {
            throw new ArgumentOutOfRangeException(nameof(Silos), Silos, "--silos must be 1 to 9.");
        }

        if (HttpPort is < 1 or > 65_535)
        {
            throw new ArgumentOutOfRangeException(nameof(HttpPort), HttpPort, "--http-port must be 1 to 65535.");
        }

        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentOutOfRangeException(nameof(DataDirectory), DataDirectory, "--data-dir must name a directory.");
        }
    }
}
