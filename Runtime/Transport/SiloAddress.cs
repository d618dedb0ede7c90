namespace OrleansSync.Runtime.Transport;

/// <summary>
/// A silo incarnation: its endpoint plus a generation that grows on every start, so a restarted
/// silo is a new member and a dead incarnation never comes back.
/// </summary>
public sealed record SiloAddress(string Endpoint, long Generation)
{
    public override string ToString() => $"{Endpoint}@{Generation}";
}
