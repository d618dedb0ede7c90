namespace OrleansSync.Silo.Api;

/// <summary>This silo's HTTP base address as others reach it (advertised host, or loopback for a silo listening on every interface).</summary>
internal sealed record SiloHttpAddress(Uri Http);
