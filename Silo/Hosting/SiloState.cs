namespace OrleansSync.Silo.Hosting;

/// <summary>
/// What health, status and metrics need to know of this silo, read from Orleans: its name and
/// address, whether it is active in its own membership view, how many silos are active, and
/// whether the host is stopping.
/// </summary>
internal sealed class SiloState(ILocalSiloDetails details, IClusterMembershipService membership, IHostApplicationLifetime lifetime)
{
    public string Name => details.Name;

    public SiloAddress Address => details.SiloAddress;

    public bool IsStopping => lifetime.ApplicationStopping.IsCancellationRequested;

    /// <summary>Whether this silo is active in its own latest membership snapshot.</summary>
    public bool IsActive => membership.CurrentSnapshot.GetSiloStatus(details.SiloAddress) == SiloStatus.Active;

    public int ActiveSiloCount => membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);

    /// <summary>The silos active in this silo's latest membership snapshot.</summary>
    public IReadOnlyList<SiloAddress> ActiveSilos =>
        [.. membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress)];
}
