using System.Globalization;
using Orleans.Runtime.MembershipService.SiloMetadata;
using OrleansSync.Silo.Hosting;

namespace OrleansSync.Silo.Api;

/// <summary>
/// Where every silo's HTTP API is. Each silo puts its own HTTP address into its Orleans silo
/// metadata (<see cref="MetadataKey"/>), which Orleans hands to every other silo with the
/// membership, so this works the same in the embedded and the Redis form. The pages use it to
/// fail over to another silo, and the CORS rule to trust those silos' pages.
/// </summary>
internal sealed class SiloHttpDirectory(IGrainFactory grains, IServiceProvider services, SiloHostOptions options)
{
    public const string MetadataKey = "orleanssync.http";

    private volatile IReadOnlyList<SiloHttpEndpoint> _last = [];

    /// <summary>The list of the last successful read (empty before one).</summary>
    public IReadOnlyList<SiloHttpEndpoint> Last => _last;

    /// <summary>Every membership row with its HTTP address, read now within the status timeout.</summary>
    public async Task<(IReadOnlyList<SiloHttpEndpoint> Silos, string? Error)> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var timeout = TimeSpan.FromMilliseconds(options.StatusTimeoutMs);
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false, cancellationToken).WaitAsync(timeout, cancellationToken);
            var metadata = services.GetService<ISiloMetadataCache>();
            IReadOnlyList<SiloHttpEndpoint> silos = [.. hosts
                .OrderBy(h => h.SiloAddress.Endpoint.ToString(), StringComparer.Ordinal)
                .ThenBy(h => h.SiloAddress.Generation)
                .Select(h => new SiloHttpEndpoint(
                    h.SiloName ?? h.SiloAddress.Endpoint.ToString(),
                    string.Create(CultureInfo.InvariantCulture, $"{h.SiloAddress.Endpoint}@{h.SiloAddress.Generation}"),
                    h.Status.ToString(),
                    HttpOf(metadata, h.SiloAddress)))];
            _last = silos;
            return (silos, null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The last list known still lets a page fail over; the failure is part of the answer.
            return (_last, $"{exception.GetType().Name}: {exception.Message}");
        }
    }

    /// <summary>Whether <paramref name="origin"/> (scheme://host:port) is the origin of a silo's pages that this silo knows.</summary>
    public bool IsSiloOrigin(string origin) =>
        _last.Any(s => s.Http is { } http && string.Equals(http.GetLeftPart(UriPartial.Authority), origin, StringComparison.OrdinalIgnoreCase));

    private static Uri? HttpOf(ISiloMetadataCache? metadata, SiloAddress silo) =>
        metadata?.GetSiloMetadata(silo)?.Metadata is { } values
        && values.TryGetValue(MetadataKey, out var text)
        && Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : null;
}
