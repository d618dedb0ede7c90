using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OrleansSync.Client.Cli;
using OrleansSync.Grains.Security;
using StackExchange.Redis;

namespace OrleansSync.Client.Connection;

/// <summary>
/// Connects an Orleans client: to the listed gateways (<c>UseStaticClustering</c>), or to the
/// gateways the silos registered in Redis (<c>UseRedisClustering</c>), proving the shared secret on
/// every connection.
/// </summary>
internal sealed class GatewayClusterConnector(LogLevel logLevel) : IClusterConnector
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxOpenConnectionTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ManifestRefreshInterval = TimeSpan.FromSeconds(1);

    public async Task<ClusterConnection> ConnectAsync(ClientSettings settings, CancellationToken cancellationToken)
    {
        if (settings.SharedSecret.Length < SharedSecretOptions.MinSecretLength)
        {
            throw new CliException(
                ExitCodes.BadInput, ErrorCodes.BadInput, $"SharedSecret (ORLEANSSYNC_SHARED_SECRET or the config file) must be at least {SharedSecretOptions.MinSecretLength} characters, as the silos require.");
        }

        var gateways = settings.Redis is null ? await ResolveAsync(settings.Gateways, cancellationToken) : [];
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders().SetMinimumLevel(logLevel).AddSimpleConsole(console => console.SingleLine = true);
        builder.UseOrleansClient(client =>
        {
            if (settings.Redis is { } redis)
            {
                client.UseRedisClustering(options => options.ConfigurationOptions = ConfigurationOptions.Parse(redis));
            }
            else
            {
                client.UseStaticClustering(gateways);
            }

            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = settings.ClusterId;
                options.ServiceId = settings.ClusterId;
            });
            client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(30));
            // One dead gateway must not eat the whole connect budget: each attempt gets a share of it.
            client.Configure<ConnectionOptions>(options => options.OpenConnectionTimeout = TimeSpan.FromTicks(Math.Min(settings.ConnectTimeout.Ticks, MaxOpenConnectionTimeout.Ticks)));
            // The client fetches the cluster manifest from one gateway before it starts, and after a
            // failed fetch waits a whole refresh interval (a minute by default) before it tries
            // another: one killed gateway in the list would then outlast any connect timeout.
            client.Configure<TypeManagementOptions>(options => options.TypeMapRefreshInterval = ManifestRefreshInterval);
            client.UseSharedSecret(new SharedSecretOptions { Secret = settings.SharedSecret });
        });
        IHost host;
        try
        {
            host = builder.Build();
        }
        catch (ArgumentException exception)
        {
            throw new CliException(ExitCodes.BadInput, ErrorCodes.BadInput, $"The client configuration is not valid: {exception.Message}", exception);
        }

        try
        {
            await host.StartAsync(cancellationToken).WaitAsync(settings.ConnectTimeout, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            throw exception is Microsoft.Extensions.Options.OptionsValidationException
                ? new CliException(ExitCodes.BadInput, ErrorCodes.BadInput, $"The client configuration is not valid: {exception.Message}", exception)
                : new CliException(
                    ExitCodes.ClusterUnavailable,
                    ErrorCodes.ClusterUnavailable,
                    $"Could not connect to {settings.GatewayList} within {DurationParser.Format(settings.ConnectTimeout)} ({exception.Message}). "
                    + "Is the cluster running? Start one with: dotnet run -c Release --project Silo",
                    exception);
        }

        var grains = host.Services.GetRequiredService<IClusterClient>();
        return await ClusterConnection.OpenAsync(grains, settings.GatewayList, settings.ConnectTimeout, () => StopAsync(host), cancellationToken);
    }

    /// <summary>Orleans takes gateway addresses as IP endpoints: host names are resolved here, IPv4 first.</summary>
    private static async Task<IPEndPoint[]> ResolveAsync(IReadOnlyList<string> gateways, CancellationToken cancellationToken)
    {
        var endpoints = new List<IPEndPoint>();
        foreach (var gateway in gateways)
        {
            var colon = gateway.LastIndexOf(':');
            var host = gateway[..colon].Trim('[', ']');
            var port = int.Parse(gateway.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture);
            if (IPAddress.TryParse(host, out var address))
            {
                endpoints.Add(new IPEndPoint(address, port));
                continue;
            }

            try
            {
                var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
                var chosen = addresses.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).FirstOrDefault()
                    ?? throw new CliException(ExitCodes.BadInput, ErrorCodes.BadInput, $"The gateway host '{host}' has no address.");
                endpoints.Add(new IPEndPoint(chosen, port));
            }
            catch (SocketException exception)
            {
                throw new CliException(ExitCodes.ClusterUnavailable, ErrorCodes.ClusterUnavailable, $"Cannot resolve the gateway host '{host}': {exception.Message}", exception);
            }
        }

        return [.. endpoints];
    }

    private static async ValueTask StopAsync(IHost host)
    {
        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await host.StopAsync(timeout.Token);
        }
        finally
        {
            host.Dispose();
        }
    }
}
