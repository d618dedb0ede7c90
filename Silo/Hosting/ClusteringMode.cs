namespace OrleansSync.Silo.Hosting;

/// <summary>Where the silos of this process find each other.</summary>
internal enum ClusteringMode
{
    /// <summary>Every silo of the cluster runs in this process, sharing an in-memory membership table (development).</summary>
    Embedded,

    /// <summary>The membership table lives in Redis, so silos in other processes or machines join the same cluster.</summary>
    Redis,
}
