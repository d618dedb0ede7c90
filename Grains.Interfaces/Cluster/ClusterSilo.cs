
namespace OrleansSync.Grains.Interfaces.Cluster;

/// <summary>One silo incarnation as the membership sees it.</summary>
/// <param name="Name">The silo's endpoint (its name on the in-process network, "host:port" over TCP).</param>
/// <param name="Address">Endpoint and generation ("endpoint@generation"): one incarnation.</param>
/// <param name="Status">Joining, Active, ShuttingDown or Dead.</param>
/// <param name="GatewayEndpoint">Where clients connect ("host:port"), or null (in-process, or no gateway).</param>
[GenerateSerializer]
public sealed record ClusterSilo(
    [property: Id(0)] string Name,
    [property: Id(1)] string Address,
    [property: Id(2)] string Status,
    [property: Id(3)] string? GatewayEndpoint);
