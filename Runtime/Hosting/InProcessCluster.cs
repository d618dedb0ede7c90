using OrleansSync.Runtime.Liveness;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Hosting;

/// <summary>
/// The network and membership table shared by the silos and clients of one in-process cluster
/// (a single-process deployment or a test cluster).
/// </summary>
public sealed class InProcessCluster
{
    public InProcessNetwork Network { get; } = new();

    public InProcessMembership Membership { get; } = new();
}
