namespace OrleansSync.Silo.Api;

/// <summary>One silo of the membership and where its HTTP API is (null when it did not say: an older silo, or its metadata is not read yet).</summary>
internal sealed record SiloHttpEndpoint(string Name, string Address, string Status, Uri? Http);
