using System.Globalization;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Placement;
using OrleansSync.Grains.Raft.Hosting.Births;

namespace OrleansSync.Grains.Raft.Hosting.Placement;

/// <summary>
/// Chooses the silo of a replica that has no activation, in this order: a placement hint in the
/// request context if the caller gave one and it is compatible; the silo the replica was born on,
/// if it is active (its log is there); else the silo of its rank (<see cref="ReplicaPlacer"/>).
/// Orleans calls it on the caller's silo, once per activation.
/// </summary>
/// <remarks>
/// Why the birth silo first: Orleans can lose a directory registration while the replica's silo
/// lives on (the directory partition that held it died with another silo). The next call then
/// places a second activation. Placed anywhere else it would start inert, without its log, and
/// the leader would replace a healthy replica; under repeated kills groups ran out of voters.
/// Placed on the birth silo, the call reaches the activation that is still there, or re-activates
/// the replica beside its log (a silo restarted with its disk). The lookup is bounded: if the
/// registry does not answer in time, the rank decides, as for a replica never born.
/// </remarks>
internal sealed partial class ReplicaPlacementDirector(IReplicaBirthRegistry births, ILogger<ReplicaPlacementDirector> logger) : IPlacementDirector
{
    private static readonly TimeSpan BirthLookupTimeout = TimeSpan.FromSeconds(2);

    public async Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        if (silos.Length == 0)
        {
            throw new OrleansException($"No silo can host {target.GrainIdentity}.");
        }

        if (IPlacementDirector.GetPlacementHint(target.RequestContextData, silos) is { } hinted)
        {
            return hinted;
        }

        var key = RaftPeerKey.Parse(target.GrainIdentity.Key.ToString());
        var byEndpoint = silos.ToDictionary(s => s.Endpoint.ToString(), StringComparer.Ordinal);
        var born = await BirthSiloAsync(key);
        if (born is not null && byEndpoint.TryGetValue(born, out var home))
        {
            LogPlacedAtBirthSilo(logger, key.ToString(), born);
            return home;
        }

        var preferred = ReplicaPlacer.PreferredEndpoint(RaftPeerGrain.PlacementGrainType, key.Group.ToString(CultureInfo.InvariantCulture), key.Replica, byEndpoint.Keys);
        if (born is not null)
        {
            LogBirthSiloGone(logger, key.ToString(), born, preferred!);
        }

        return byEndpoint[preferred!];
    }

    private async Task<string?> BirthSiloAsync(RaftPeerKey key)
    {
        using var timeout = new CancellationTokenSource(BirthLookupTimeout);
        try
        {
            return await births.FindBirthSiloAsync(key, timeout.Token).WaitAsync(timeout.Token);
        }
        catch (Exception exception)
        {
            LogBirthLookupFailed(logger, key.ToString(), exception.GetType().Name, exception.Message);
            // Whatever the registry failed with (timeout, Redis down, unreadable file), placement
            // must still answer: place by rank. The new activation checks its birth again anyway.
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Replica {Replica} has no activation: placed on {Silo}, where it was born and its log is")]
    private static partial void LogPlacedAtBirthSilo(ILogger logger, string replica, string silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {Replica} has no activation and its birth silo {Born} is not active: placed on {Silo}, where it will start inert")]
    private static partial void LogBirthSiloGone(ILogger logger, string replica, string born, string silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The birth record of replica {Replica} could not be read ({Error}: {Message}): placed by rank")]
    private static partial void LogBirthLookupFailed(ILogger logger, string replica, string error, string message);
}
