using System.Net;
using Microsoft.Extensions.Options;

namespace OrleansSync.Runtime.Hosting;

internal sealed class TcpClusteringOptionsValidator : IValidateOptions<TcpClusteringOptions>
{
    public ValidateOptionsResult Validate(string? name, TcpClusteringOptions options)
    {
        var failures = new List<string>();
        if (!IPAddress.TryParse(options.ListenAddress, out _))
        {
            failures.Add($"ListenAddress '{options.ListenAddress}' is not an IP address.");
        }

        if (options.Port is < 0 or > 65535)
        {
            failures.Add($"Port must be in [0, 65535] (was {options.Port}).");
        }

        if (options.GatewayPort is < 0 or > 65535)
        {
            failures.Add($"GatewayPort must be in [0, 65535] (was {options.GatewayPort}).");
        }

        if (options.AdvertisedGatewayEndpoint is { } advertisedGateway && !advertisedGateway.Contains(':', StringComparison.Ordinal))
        {
            failures.Add($"AdvertisedGatewayEndpoint '{advertisedGateway}' must be host:port.");
        }

        if (options.AdvertisedEndpoint is { } advertised && !advertised.Contains(':', StringComparison.Ordinal))
        {
            failures.Add($"AdvertisedEndpoint '{advertised}' must be host:port.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
