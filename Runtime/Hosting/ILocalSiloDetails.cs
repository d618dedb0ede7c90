using OrleansSync.Runtime.Liveness;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Hosting;

/// <summary>What the host of a silo may read about it (status pages, health checks), as Orleans' <c>ILocalSiloDetails</c>.</summary>
public interface ILocalSiloDetails
{
    /// <summary>The silo's configured name.</summary>
    string Name { get; }

    /// <summary>This incarnation's address once the silo has started (joined the cluster); null before.</summary>
    SiloAddress? Address { get; }

    /// <summary>True once the silo stopped, was killed, or stopped itself after being declared dead.</summary>
    bool HasStopped { get; }

    /// <summary>The membership view the silo routes with (empty before it starts).</summary>
    MembershipView CurrentView { get; }
}
