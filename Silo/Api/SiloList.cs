namespace OrleansSync.Silo.Api;

/// <summary>The body of <c>GET /silos</c>: the answering silo and every silo of the membership with its HTTP address.</summary>
/// <param name="Silo">Name of the silo that answered.</param>
/// <param name="Http">Its own HTTP address.</param>
/// <param name="Silos">Every membership row (dead ones until the table drops them), by address.</param>
/// <param name="MembershipError">Why the membership could not be read (then only the last list known is given), or null.</param>
internal sealed record SiloList(string Silo, Uri Http, IReadOnlyList<SiloHttpEndpoint> Silos, string? MembershipError);
